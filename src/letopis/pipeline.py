"""The pipeline: an ordered list of named stages, each a plain callable on a Document.

Every stage takes the document and returns it; its docstring says what it reads and
writes. ``analyze`` is the one entry point the CLI, the web app and the tests share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

from letopis.doc import Document, Meta

Stage = Callable[[Document], Document]


@dataclass
class Pipeline:
    """Named stages run in order."""

    stages: list[tuple[str, Stage]] = field(default_factory=list)

    def __call__(self, doc: Document) -> Document:
        for _, stage in self.stages:
            doc = stage(doc)
        return doc

    @property
    def names(self) -> list[str]:
        """The stage names, in order."""
        return [name for name, _ in self.stages]


@cache
def default_pipeline(ner_model: str = "fast") -> Pipeline:
    """The standard letopis pipeline (built once per NER model; models load lazily inside
    stages). ``ner_model``: a registered NER model (``letopis.exec.ner.MODELS``):
    ``fast`` (the default), ``accurate`` (multilingual-e5-small under four heads: about 2.8
    points of NEREL dev F1 more, a few documents per second) or ``balanced`` (about 1.8
    points more, a fifth of the default's speed); ModelError for another name."""
    from letopis import ortho
    from letopis.exec.ner import check_model
    from letopis.extract import (
        archives,
        authorship,
        awards,
        bodies,
        calendars,
        churches,
        claims,
        crimes,
        dates,
        diseases,
        events,
        geo,
        honorifics,
        military,
        nature,
        ner,
        penalties,
        professions,
        quotes,
        relations,
        works,
    )
    from letopis.morph import tag_morph
    from letopis.resolve import cluster, linking, normalize
    from letopis.segment import segment

    check_model(ner_model)
    return Pipeline([
        ("modernize", ortho.modernize),
        ("segment", segment),
        ("morph", tag_morph),
        ("dates", dates.tag_dates),
        ("calendars", calendars.tag_historical_dates),
        ("ner", ner.model_ner_stage(ner_model)),
        ("date_numbers", calendars.date_numbers),
        ("honorifics", honorifics.tag_honorifics),
        ("common_words", honorifics.drop_common_words),
        ("archives", archives.tag_archival_references),
        ("places", geo.tag_places),
        ("nature", nature.tag_natural_features),
        ("events", events.tag_events),
        ("works", works.tag_works),
        ("awards", awards.tag_awards),
        ("penalties", penalties.tag_penalties),
        ("crimes", crimes.tag_crimes),
        ("diseases", diseases.tag_diseases),
        ("units", military.tag_units),
        ("bodies", bodies.tag_bodies),
        ("churches", churches.tag_churches),
        ("professions", professions.tag_professions),
        ("one_label", ner.one_label_per_span),
        ("normalize", normalize.normalize_names),
        ("cluster", cluster.cluster_entities),
        ("link", linking.link_entities),
        ("quotes", quotes.tag_quotes),
        ("claims", claims.tag_claims),
        ("authorship", authorship.tag_authorship),
        ("relations", relations.relations_stage(ner_model)),
        ("restore", ortho.restore),
        ("finish", finish),
    ])


def finish(doc: Document) -> Document:
    """Order mentions by position. Reads: mentions. Writes: mentions (order only)."""
    doc.sort_mentions()
    return doc


def analyze(
    text: str, source: str | None = None, ner_model: str = "fast", meta: Meta | None = None,
) -> Document:
    """Run the whole pipeline on ``text`` and return the annotated Document.

    ``ner_model``: ``fast`` (the default), ``accurate`` or ``balanced`` (see
    ``default_pipeline``).
    ``meta``: what is known about the document (title, author, date, orthography,
    calendar); the orthography is detected on the whole text when not given.
    """
    from letopis.chunk import analyze_chunked
    from letopis.ortho import detect_orthography

    meta = replace(meta) if meta is not None else Meta()
    if meta.orthography is None and detect_orthography(text) == "prereform":
        meta.orthography = "prereform"
    return analyze_chunked(text, source, default_pipeline(ner_model), meta=meta)
