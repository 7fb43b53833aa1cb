"""Options shared by ``letopis analyze`` and ``letopis ingest`` for historical sources."""

from __future__ import annotations

from enum import StrEnum


class Orthography(StrEnum):
    """``--orthography``: detected per document (auto) or forced."""

    auto = "auto"
    prereform = "prereform"
    modern = "modern"


class Calendar(StrEnum):
    """``--calendar``: the calendar of unmarked dates (docs/dates.md)."""

    auto = "auto"
    julian = "julian"
    gregorian = "gregorian"
