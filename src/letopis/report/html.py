"""A self-contained offline HTML report: highlighted text, entities, dates, quotations.

One file, inline CSS and script only, nothing fetched from anywhere. Every string that
comes from a document is HTML-escaped (slashes too, so no text can form a URL in the
output). The highlighted text is built in Python from code-point offsets
(``letopis.report.markup``): properly nested spans become nested elements; a span that
crosses another is split into pieces, so the markup stays balanced whatever the offsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from letopis.doc import Cue, Document, Entity, Mention, Phrase
from letopis.export import printable
from letopis.export.text import mentions_by_entity, short
from letopis.report import names
from letopis.report.assets import CSS, JS, LABEL_COLORS
from letopis.report.facts import evidence_spans, facts_section
from letopis.report.markup import (
    RANK_CLAIM,
    RANK_CUE,
    RANK_MENTION,
    RANK_QUOTE,
    Span,
    e,
    join_ids,
    render_spans,
)
from letopis.report.names import count, t
from letopis.report.timeline import timeline_html

# -- the highlighted text ----------------------------------------------------

def _mention_span(m: Mention, names: dict[str, str], edtf: dict[str, str]) -> Span:
    title = m.label
    if m.entity:
        title += f" · {names.get(m.entity, m.entity)}"
    if m.id in edtf:
        title += f" · EDTF {edtf[m.id]}"
    attrs = [("class", f"m L-{m.label}"), ("data-m", m.id)]
    if m.entity:
        attrs.append(("data-e", m.entity))
    attrs.append(("title", title))
    return Span(m.start, m.end, RANK_MENTION, "mark", tuple(attrs))


def text_spans(doc: Document) -> list[Span]:
    """The spans of the highlighted text: relation evidence, claims, quotations, cues and
    mentions."""
    names = {ent.id: ent.name for ent in doc.entities}
    edtf = {d.mention: d.edtf for d in doc.dates}
    spans = evidence_spans(doc)
    spans += [_mention_span(m, names, edtf) for m in doc.mentions]
    for q in doc.quotes:
        title = f"{q.kind} {q.id}"
        if q.speaker:
            title += f" · speaker: {names.get(q.speaker, q.speaker)}"
        spans.append(Span(q.start, q.end, RANK_QUOTE, "span",
                          (("class", f"qt k-{q.kind}"), ("data-q", q.id), ("title", title))))
        if q.cue is not None:
            spans.append(Span(q.cue.start, q.cue.end, RANK_CUE, "span",
                              (("class", "cue"), ("title", f"cue of {q.id}"))))
    for c in doc.claims:
        title = f"claim {c.id} · holder: {names.get(c.holder or '', '—')}" \
                f" · source: {names.get(c.source or '', '—')}"
        spans.append(Span(c.start, c.end, RANK_CLAIM, "span",
                          (("class", "cl"), ("data-c", c.id), ("title", title))))
        if c.cue is not None:
            spans.append(Span(c.cue.start, c.cue.end, RANK_CUE, "span",
                              (("class", "cue"), ("title", f"cue of {c.id}"))))
    return spans


ANCHORED = ("data-m", "data-q", "data-c", "data-r")


def anchored(spans: list[Span], prefix: str) -> list[Span]:
    """``spans`` with an ``id`` (``prefix`` + the object's id) on each mention, quotation,
    claim and relation evidence, so that ``#m3``, ``#q1``, ``#c2``, ``#r4`` reach it."""
    out = []
    for span in spans:
        key = next((v for name, v in span.attrs if name in ANCHORED), None)
        if key is not None:
            span = Span(span.start, span.end, span.rank, span.tag,
                        (*span.attrs, ("id", prefix + key)))
        out.append(span)
    return out


def highlight_text(doc: Document, prefix: str = "") -> str:
    """The document text as escaped HTML with every annotation wrapped and anchored."""
    return render_spans(printable(doc.text), anchored(text_spans(doc), prefix))


# -- panels ------------------------------------------------------------------

def _style(label: str) -> str:
    hue, sat = LABEL_COLORS.get(label, (0, 0))
    return f"--h:{hue};--s:{sat}%"


def _legend(doc: Document) -> str:
    counts: dict[str, int] = defaultdict(int)
    for m in doc.mentions:
        counts[m.label] += 1
    chips = "".join(
        f'<button type="button" class="chip" style="{_style(label)}" data-label="{e(label)}"'
        f' title="{t("show or hide")} {e(label)}">{e(names.label(label))}<b>{n}</b></button>'
        for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    layers = (
        '<span class="layers">'
        '<label><input type="checkbox" data-layer="qt" checked> <i class="sw qt"></i>'
        f' {t("quotations")}</label>'
        '<label><input type="checkbox" data-layer="cl" checked> <i class="sw cl"></i>'
        f' {t("claims")}</label>'
        '<label><input type="checkbox" data-layer="cue" checked>'
        f' <b>{t("cues")}</b></label></span>'
    )
    empty = f'<span class=empty>{t("no mentions")}</span>'
    return f'<div class="legend">{chips or empty}{layers}</div>'


def _entity_item(name: str, ids: list[Mention], aliases: list[str], extra: str,
                 loose: bool) -> str:
    al = f'<span class="al">{e(", ".join(aliases))}</span>' if aliases else ""
    cls = "ent loose" if loose else "ent"
    note = f' title="{t("mentions not joined into an entity")}"' if loose else ""
    return (f'<li class="{cls}" data-ms="{e(join_ids(ids))}" tabindex="0"{note}>'
            f'<span class="nm">{e(name)}</span><span class="cnt">{len(ids)}</span>'
            f"{extra}{al}</li>")


def _ids(ent: Entity) -> str:
    """The entity's Wikidata and GeoNames ids and coordinates, as text (no links: the
    report is offline)."""
    parts = [ent.wikidata or ""]
    if ent.geonames:
        parts.append(f"GeoNames {ent.geonames}")
    if ent.coords and len(ent.coords) == 2:
        parts.append(f"{ent.coords[0]:.3f}, {ent.coords[1]:.3f}")
    text = " · ".join(p for p in parts if p)
    return f'<span class="qid">{e(text)}</span>' if text else ""


def _entities(doc: Document, index: dict[str, list[Mention]]) -> str:
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for ent in doc.entities:
        ms = index[ent.id]
        aliases = [a for a in ent.aliases if a != ent.name]
        groups[ent.label].append((len(ms), _entity_item(ent.name, ms, aliases, _ids(ent),
                                                        False)))
    known = {ent.id for ent in doc.entities}
    dated = {d.mention for d in doc.dates}
    loose: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in doc.mentions:
        if (m.entity is None or m.entity not in known) and m.id not in dated:
            loose[(m.label, " ".join(m.text.split()))].append(m)
    for (label, surface), ms in loose.items():
        groups[label].append((len(ms), _entity_item(surface, ms, [], "", True)))
    if not groups:
        return f'<p class="empty">{t("no entities")}</p>'
    totals = {label: sum(n for n, _ in items) for label, items in groups.items()}
    parts = []
    for label in sorted(groups, key=lambda lb: (-totals[lb], lb)):
        items = sorted(groups[label], key=lambda pair: -pair[0])
        parts.append(
            f'<section><h4><i class="sw" style="{_style(label)}"></i> {e(names.label(label))}'
            f' <small>{count(totals[label], "mention", "mentions")}</small></h4>'
            f'<ul class="list">{"".join(html_item for _, html_item in items)}</ul></section>'
        )
    return f'<div class="groups">{"".join(parts)}</div>'


@dataclass
class _People:
    """Entity names and mentions of one document, for speaker/holder/source links."""

    names: dict[str, str]
    index: dict[str, list[Mention]]

    def who(self, entity_id: str | None, role: str, phrase: Phrase | None = None) -> str:
        """The role and the entity's name (or an unnamed speaker's phrase, in italics)."""
        if entity_id is None:
            if phrase is not None:
                return f"<span>{t(role)}: <i>{e(short(phrase.text, 60))}</i></span>"
            return f"<span>{t(role)}: —</span>"
        if entity_id not in self.names:
            return f"<span>{t(role)}: {e(entity_id)}</span>"
        ids = join_ids(self.index.get(entity_id, []))
        return (f'<span>{t(role)}: <span class="who" data-ms="{e(ids)}"'
                f' title="{t("show mentions")}">'
                f"{e(self.names[entity_id])}</span></span>")


def _cue_html(doc: Document, cue: Cue | None) -> str:
    if cue is None:
        return ""
    return f"<span>{t('cue')} «{e(short(doc.text[cue.start:cue.end], 40))}»</span>"


def _quotes(doc: Document, people: _People) -> str:
    items = []
    for q in doc.quotes:
        who = people.who(q.speaker, "speaker", q.speaker_span) if q.kind == "quotation" else ""
        items.append(
            f'<li class="item" data-jump="{e(q.id)}" tabindex="0"><div class="hd">'
            f'<span class="kind k-{e(q.kind)}">{e(names.kind(q.kind))}</span>'
            f"{who}{_cue_html(doc, q.cue)}"
            f"<span>[{q.start}:{q.end}]</span></div>"
            f'<div class="body">«{e(short(q.text, 300))}»</div></li>'
        )
    if not items:
        return f'<p class="empty">{t("no quotations")}</p>'
    return f'<ul class="list">{"".join(items)}</ul>'


def _claims(doc: Document, people: _People) -> str:
    items = []
    for c in doc.claims:
        items.append(
            f'<li class="item" data-jump="{e(c.id)}" tabindex="0"><div class="hd">'
            f'<span class="kind claim">{e(names.kind("claim"))}</span>'
            f'{people.who(c.holder, "holder", c.holder_span)}'
            f'{people.who(c.source, "source")}{_cue_html(doc, c.cue)}'
            f"<span>[{c.start}:{c.end}]</span></div>"
            f'<div class="body">{e(short(c.text, 300))}</div></li>'
        )
    if not items:
        return f'<p class="empty">{t("no claims")}</p>'
    return f'<ul class="list">{"".join(items)}</ul>'


# -- the page ----------------------------------------------------------------

def _title(doc: Document) -> str:
    return doc.meta.title or doc.source or f"Document {doc.id[:12]}"


PROVENANCE = (("author", "author"), ("date", "date"), ("archive", "archive"),
              ("language", "language"), ("orthography", "orthography"),
              ("calendar", "calendar"))


def _provenance(doc: Document) -> str:
    """The document's own metadata (``doc.meta``), one line; empty when nothing is known."""
    known = doc.meta.to_dict()
    parts = [f"{t(label)}: {e(known[key])}" for key, label in PROVENANCE if key in known]
    if doc.meta.title and doc.source:
        parts.append(f"{t('source')}: {e(doc.source)}")
    return f'<p class="meta provenance">{" · ".join(parts)}</p>' if parts else ""


def _meta(doc: Document) -> str:
    counts = " · ".join([
        count(len(doc.text), "character", "characters"),
        count(len(doc.mentions), "mention", "mentions"),
        count(len(doc.entities), "entity", "entities"),
        count(len(doc.dates), "date", "dates"),
        count(len(doc.quotes), "quotation", "quotations"),
        count(len(doc.claims), "claim", "claims"),
        count(len(doc.relations), "relation", "relations"),
    ])
    return f'<p class="meta">{counts} · id <code>{e(doc.id)}</code></p>'


def document_section(doc: Document, anchor: str, ids: str | None = None) -> str:
    """One document's part of the report; ``ids`` prefixes the anchors of its spans
    (default ``anchor-``, so that several documents on one page never share an id)."""
    index = mentions_by_entity(doc)
    people = _People({ent.id: ent.name for ent in doc.entities}, index)
    return (
        f'<section class="doc" id="{e(anchor)}"><h2>{e(_title(doc))}</h2>{_provenance(doc)}'
        f"{_meta(doc)}"
        f"{_legend(doc)}<h3>{t('Timeline')}</h3>{timeline_html(doc)}"
        f'<div class="grid"><div><h3>{t("Text")}</h3><div class="text">'
        f'{highlight_text(doc, f"{anchor}-" if ids is None else ids)}</div>'
        f"{facts_section(doc)}</div>"
        f'<aside class="side"><h3>{t("Entities")}</h3>{_entities(doc, index)}'
        f"<h3>{t('Quotations')}</h3>{_quotes(doc, people)}"
        f"<h3>{t('Claims')}</h3>{_claims(doc, people)}"
        "</aside></div>"
        "</section>"
    )


def _label_css() -> str:
    return "".join(f".L-{label}{{{_style(label)}}}" for label in LABEL_COLORS)


def documents_to_html(docs: list[Document], title: str = "letopis report") -> str:
    """One self-contained HTML page for all ``docs`` (no external resource at all)."""
    from letopis import __version__

    nav = "".join(f'<a href="#d{i}">{e(short(_title(d), 60))}</a>'
                  for i, d in enumerate(docs, 1)) if len(docs) > 1 else ""
    body = "".join(document_section(d, f"d{i}") for i, d in enumerate(docs, 1))
    if not docs:
        body = f'<p class="empty">{t("no documents")}</p>'
    return (
        f'<!DOCTYPE html>\n<html lang="{names.current()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}{_label_css()}</style></head><body>"
        f'<header class="top"><h1>letopis</h1>'
        f'<p>{count(len(docs), "document", "documents")} · letopis {e(__version__)}</p>'
        f"<nav>{nav}</nav></header><main>{body}</main>"
        f'<div id="tip" class="tip" role="tooltip" hidden></div>'
        f"<script>{JS}</script></body></html>\n"
    )
