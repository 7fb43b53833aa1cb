"""A plain-text summary of a document, for reading in a terminal.

Entities by type with mention counts, dates with their EDTF values, quotations with
speakers, claims with holder and source, relations as facts and events with their
dates, places and participants (``letopis.kb.facts``). Quoted stretches are shortened
and kept on one line; offsets are shown as ``[start:end]``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from letopis.doc import LABELS, Cue, Document, Entity, Mention, Phrase
from letopis.export import printable
from letopis.kb.facts import EventRecord, doc_facts, events

WIDTH = 120


def short(value: str, width: int = WIDTH) -> str:
    """``value`` on one line, cut with an ellipsis past ``width`` characters."""
    flat = " ".join(printable(value).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def mentions_by_entity(doc: Document) -> dict[str, list[Mention]]:
    """Entity id -> its mentions in text order: those it lists and those pointing at it."""
    by_id = {m.id: m for m in doc.mentions}
    ids: dict[str, dict[str, None]] = {ent.id: dict.fromkeys(ent.mentions) for ent in doc.entities}
    for m in doc.mentions:
        if m.entity in ids:
            ids[m.entity][m.id] = None
    return {
        eid: sorted((by_id[i] for i in found if i in by_id), key=lambda m: (m.start, -m.end))
        for eid, found in ids.items()
    }


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def _header(doc: Document) -> list[str]:
    source = f" ({printable(doc.source)})" if doc.source else ""
    counts = ", ".join([
        _plural(len(doc.text), "character"), _plural(len(doc.mentions), "mention"),
        _plural(len(doc.entities), "entity", "entities"),
        _plural(len(doc.dates), "date"), _plural(len(doc.quotes), "quotation"),
        _plural(len(doc.claims), "claim"), _plural(len(doc.relations), "relation"),
    ])
    return [f"Document {doc.id[:16]}{source}", counts]


def _entities(doc: Document) -> list[str]:
    by_label: dict[str, list[tuple[Entity, int]]] = defaultdict(list)
    index = mentions_by_entity(doc)
    for e in doc.entities:
        by_label[e.label].append((e, len(index[e.id])))
    loose: dict[str, Counter[str]] = defaultdict(Counter)
    known = {e.id for e in doc.entities}
    dated = {d.mention for d in doc.dates}
    for m in doc.mentions:
        if (m.entity is None or m.entity not in known) and m.id not in dated:
            loose[m.label][short(m.text, 60)] += 1
    lines = ["", "Entities"] if by_label or loose else []
    totals = {label: sum(n for _, n in by_label[label]) + sum(loose[label].values())
              for label in set(by_label) | set(loose)}
    for label in sorted(totals, key=lambda lb: (-totals[lb], _label_order(lb))):
        items = sorted(by_label[label], key=lambda pair: (-pair[1], pair[0].name))
        lines.append(f"  {label} ({totals[label]} mentions)")
        for entity, n in items:
            aliases = [a for a in entity.aliases if a != entity.name]
            alias = f"  [{short(', '.join(aliases), 80)}]" if aliases else ""
            wikidata = f"  {entity.wikidata}" if entity.wikidata else ""
            lines.append(f"    {short(entity.name, 60)}  ×{n}{alias}{wikidata}")
        for surface, n in loose[label].most_common():
            lines.append(f"    {surface}  ×{n}  (not clustered)")
    return lines


def _label_order(label: str) -> tuple[int, str]:
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


def _dates(doc: Document) -> list[str]:
    lines = ["", "Dates"] if doc.dates else []
    spans = {m.id: m for m in doc.mentions}
    rows = []
    for d in doc.dates:
        m = spans.get(d.mention)
        where = f"[{m.start}:{m.end}] «{short(m.text, 60)}»" if m else f"({d.mention})"
        rows.append(((m.start if m else -1), f"  {printable(d.edtf):<24} {where}"))
    return lines + [row for _, row in sorted(rows, key=lambda r: r[0])]


def _who(doc: Document, entity_id: str | None, phrase: Phrase | None = None) -> str:
    """The entity's name, else an unnamed speaker's phrase in brackets, else a dash."""
    if entity_id is None:
        return f"[{short(phrase.text, 60)}]" if phrase is not None else "—"
    try:
        return short(doc.entity(entity_id).name, 60)
    except KeyError:
        return entity_id


def _cue(doc: Document, cue: Cue | None) -> str:
    return "" if cue is None else f"; cue «{short(doc.text[cue.start:cue.end], 40)}»"


def _quotes(doc: Document) -> list[str]:
    lines = ["", "Quotations"] if doc.quotes else []
    for q in doc.quotes:
        speaker = ""
        if q.kind == "quotation":
            speaker = f" — speaker: {_who(doc, q.speaker, q.speaker_span)}"
        lines.append(f"  {q.id} {q.kind} [{q.start}:{q.end}]{speaker}{_cue(doc, q.cue)}")
        lines.append(f"      «{short(q.text)}»")
    return lines


def _claims(doc: Document) -> list[str]:
    lines = ["", "Claims"] if doc.claims else []
    for c in doc.claims:
        who = f"holder: {_who(doc, c.holder, c.holder_span)}; source: {_who(doc, c.source)}"
        lines.append(f"  {c.id} [{c.start}:{c.end}] {who}{_cue(doc, c.cue)}")
        lines.append(f"      {short(c.text)}")
    return lines


def _relations(doc: Document) -> list[str]:
    """Every relation as a fact (``letopis.kb.facts``): its type, Russian name, evidence
    span, score and the two sides by name, with the EDTF value of a date."""
    found = doc_facts(doc)
    lines = ["", "Relations"] if found else []
    for f in found:
        edtf = f" ({', '.join(f.edtf)})" if f.edtf else ""
        lines.append(f"  {f.relation} {f.type} «{f.name}» [{f.start}:{f.end}] {f.score:.2f}: "
                     f"{short(f.subject.name, 50)} → {short(f.other.name, 50)}{edtf}")
    return lines


def _event_line(record: EventRecord) -> list[str]:
    parts = [("when", record.dates), ("where", record.places),
             ("participants", record.participants), ("parts", record.parts)]
    lines = [f"  {short(record.party.name, 60)}"]
    for role, facts in parts:
        if facts:
            names = ", ".join(f"{short(f.other.name, 40)} ({f.name}"
                              f"{': ' + ' '.join(f.edtf) if f.edtf else ''})" for f in facts)
            lines.append(f"      {role}: {names}")
    return lines


def _events(doc: Document) -> list[str]:
    """Events with their dates, places, participants and parts (those with any)."""
    records = [r for r in events(doc) if r.dates or r.places or r.participants or r.parts]
    lines = ["", "Events"] if records else []
    for record in records:
        lines += _event_line(record)
    return lines


def document_to_text_summary(doc: Document) -> str:
    """A readable multi-line summary of one document (ends with a newline)."""
    lines = _header(doc)
    for part in (_entities, _dates, _quotes, _claims, _relations, _events):
        lines += part(doc)
    return "\n".join(lines) + "\n"


def documents_to_text_summary(docs: list[Document]) -> str:
    """Summaries of several documents separated by a rule."""
    return ("\n" + "=" * 72 + "\n\n").join(document_to_text_summary(d) for d in docs)
