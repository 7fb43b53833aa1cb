"""Extractors: named entities, dates, events, works, professions, quotes, claims."""
