"""The report's "Facts" and "Events" panels, built from ``letopis.kb.facts``.

Each fact links to its evidence: a click (or Enter) scrolls the text to the evidence
span (``data-r`` in the highlighted text) and lights it and the two mentions up. The
events list is ordered in time (earliest year first) and names each event's dates,
places, participants and parts, each a link to its own evidence.
"""

from __future__ import annotations

from letopis.doc import Document
from letopis.kb.facts import EventRecord, Fact, Subject, events, facts
from letopis.report.assets import LABEL_COLORS
from letopis.report.markup import RANK_EVIDENCE, Span, e
from letopis.report.names import t


def evidence_spans(doc: Document) -> list[Span]:
    """One invisible span per relation over its evidence (lit when its fact is chosen)."""
    return [Span(r.start, r.end, RANK_EVIDENCE, "span", (("class", "ev"), ("data-r", r.id)))
            for r in doc.relations]


def _style(label: str) -> str:
    """Inline CSS variables of a label's colour."""
    hue, sat = LABEL_COLORS.get(label, (0, 0))
    return f"--h:{hue};--s:{sat}%"


def _pair(fact: Fact) -> str:
    """The two mention ids a fact lights up, as one attribute value."""
    return f"{fact.subject.mention} {fact.other.mention}"


def _fact_item(fact: Fact) -> str:
    """One fact: its Russian name, the other side, dates, score and evidence snippet."""
    edtf = "".join(f" <code>{e(v)}</code>" for v in fact.edtf)
    arrow = "←" if fact.inverse and not fact.symmetric else "→"
    return (
        f'<li class="item fact" data-jump="{e(fact.relation)}" data-pair="{e(_pair(fact))}"'
        f' tabindex="0" title="{e(fact.type)} · {t("evidence")} [{fact.start}:{fact.end}]">'
        f'<div class="hd"><span class="rn">{e(fact.name)}</span><span class="arr">{arrow}</span>'
        f'<i class="sw" style="{_style(fact.other.label)}"></i>'
        f'<span class="who">{e(fact.other.name)}</span>{edtf}'
        f'<span class="sc">{fact.score:.2f}</span></div>'
        f'<div class="body">«{e(fact.snippet)}»</div></li>'
    )


def _subject(group: Subject) -> str:
    """One subject: its name (a click shows its mentions) and its facts."""
    party = group.party
    items = "".join(_fact_item(f) for f in group.facts)
    return (
        f'<section class="subj"><h4 class="who" data-ms="{e(" ".join(group.mentions))}"'
        f' tabindex="0"><i class="sw" style="{_style(party.label)}"></i> {e(party.name)}'
        f" <small>{e(party.label)} · {len(group.facts)}</small></h4>"
        f'<ul class="list">{items}</ul></section>'
    )


def _panel(parts: list[str], tag: str, cls: str, empty: str) -> str:
    """``parts`` inside one ``tag`` of class ``cls``; a note saying ``empty`` if none."""
    if not parts:
        return f'<p class="empty">{t(empty)}</p>'
    return f'<{tag} class="{cls}">{"".join(parts)}</{tag}>'


def facts_html(groups: list[Subject]) -> str:
    """The "Facts" panel: facts grouped by subject entity, each linked to its evidence."""
    return _panel([_subject(g) for g in groups], "div", "facts", "no relations")


def _links(items: list[Fact], role: bool = False) -> str:
    """The other sides of ``items``, each a link to its evidence (with its role)."""
    links = []
    for f in items:
        extra = f" ({e(f.name)})" if role else ""
        links.append(f'<span class="link" data-jump="{e(f.relation)}"'
                     f' data-pair="{e(_pair(f))}" tabindex="0">{e(f.other.name)}{extra}</span>')
    return ", ".join(links)


def _event_item(record: EventRecord) -> str:
    """One event: its dates, then when, where, who and its parts, each linked."""
    when = ", ".join(f"{e(f.name)} {' '.join(e(v) for v in f.edtf) or e(f.other.text)}"
                     for f in record.dates)
    rows = [(t("when"), _links(record.dates, True)), (t("where"), _links(record.places)),
            (t("participants"), _links(record.participants, True)),
            (t("parts"), _links(record.parts, True))]
    body = "".join(f"<div><b>{name}:</b> {links}</div>" for name, links in rows if links)
    body = body or f"<i>{t('no facts')}</i>"
    return (
        f'<li class="item event" data-ms="{e(" ".join(record.mentions))}" tabindex="0">'
        f'<div class="hd"><code class="when">{when or "—"}</code>'
        f'<span class="who">{e(record.party.name)}</span></div>'
        f'<div class="body ev-body">{body}</div></li>'
    )


def events_html(records: list[EventRecord]) -> str:
    """The events, earliest first, with their dates, places, participants and parts."""
    return _panel([_event_item(r) for r in records], "ol", "list events", "no events")


def facts_section(doc: Document) -> str:
    """The "Events" and "Facts" headings with their counts and panels."""
    records, groups = events(doc), facts(doc)
    return (f"<h3>{t('Events')} <small>{len(records)}</small></h3>{events_html(records)}"
            f"<h3>{t('Facts')} <small>{len(doc.relations)}</small></h3>{facts_html(groups)}")
