"""Small hand-built documents for the corpus identity and curation tests (no pipeline)."""

from __future__ import annotations

from letopis.doc import Document, Entity, Mention, check_spans

# (surface as written, label, canonical name, Wikidata id or None)
Named = tuple[str, str, str, "str | None"]


def named_document(text: str, names: list[Named], source: str = "") -> Document:
    """``text`` with one mention and one entity per name (found left to right); spans checked."""
    doc = Document(text, source=source or None)
    at = 0
    for i, (surface, label, name, qid) in enumerate(names, 1):
        start = text.index(surface, at)
        at = start + len(surface)
        doc.mentions.append(Mention(f"m{i}", start, at, surface, label, f"e{i}"))
        doc.entities.append(Entity(f"e{i}", label, name, [], [f"m{i}"], wikidata=qid))
    check_spans(doc)
    return doc


KHRUSHCHEV_FULL = named_document(
    "Никита Сергеевич Хрущёв выступил в Москве.",
    [("Никита Сергеевич Хрущёв", "PERSON", "Никита Сергеевич Хрущёв", None),
     ("Москве", "CITY", "Москва", None)], "full.txt")
KHRUSHCHEV_INITIALS = named_document(
    "Доклад Н. С. Хрущёва обсуждали в Российской Федерации.",
    [("Н. С. Хрущёва", "PERSON", "Н. С. Хрущёв", None),
     ("Российской Федерации", "COUNTRY", "Российской Федерации", None)], "initials.txt")
KHRUSHCHEV_BARE = named_document(
    "Хрущёв приехал в Российскую Федерацию.",
    [("Хрущёв", "PERSON", "Хрущёв", None),
     ("Российскую Федерацию", "COUNTRY", "Российская Федерация", None)], "bare.txt")
SERGEI = named_document(
    "Сергей Никитич Хрущёв написал книгу.",
    [("Сергей Никитич Хрущёв", "PERSON", "Сергей Никитич Хрущёв", None)], "son.txt")
RF_LINKED = named_document(
    "Власти РФ и России ответили.",
    [("РФ", "COUNTRY", "РФ", "Q159"), ("России", "COUNTRY", "Россия", "Q159")], "rf.txt")
RUSSIA = named_document(
    "Россия и российские власти.",
    [("Россия", "COUNTRY", "Россия", "Q159"),
     ("российские", "COUNTRY", "российские", None)], "russia.txt")
ADJECTIVE = named_document(
    "Российский флаг подняли.",
    [("Российский", "COUNTRY", "Российский", None)], "adjective.txt")
