"""Relations between mentions (NEREL's 49 types) by the relation model.

The model (``letopis.exec.relations``) reads the token states of the NER pack it was
trained over; in the default pipeline those are the states the ``ner`` stage has just
computed, so the relation stage costs the pair scoring alone. Each relation's evidence
span runs from the first to the last character of its two mentions. A symmetric type
(``letopis.doc.SYMMETRIC_RELATIONS``) is stored once, head first in the text. Beside the
model, pattern modules add the relations the words leave no doubt about (kinship, births
and deaths, a name and its form in parentheses; docs/relations.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from letopis.doc import SYMMETRIC_RELATIONS, Document, Mention, Relation, Token
from letopis.extract.gazetteer import span_tokens, tokens_key

if TYPE_CHECKING:
    from letopis.exec.relations import MentionRef



class DocStates:
    """A document's token states as the NER encoder gives them, flattened: token ``k``
    (in sentence order) has ``h[k]``, spans ``starts[k]:ends[k]`` and sentence
    ``sentence[k]``. With ``words``, each token's word vector (the NER pack's) follows its
    state in ``h``; with ``context`` (a ``letopis.exec.context`` id such as
    ``e5_small_q4:0-12``), the mean of its ``layers`` (positions among the id's layers);
    of several ids joined by ``|``, each one's (slovnet's have one layer).
    With ``tree``, the tokens' dependency heads (flat, -1 for the root) and relation ids
    (``letopis.exec.syntax``) in ``heads`` and ``rels``."""

    def __init__(self, doc: Document, ner_pack: str, words: bool = False,
                 context: str | None = None, layers: Sequence[int] = (),
                 tree: bool = False) -> None:
        from letopis.exec.context import JOIN
        from letopis.exec.ner import ner_pack_model
        from letopis.extract.ner import sentence_groups

        self.text = doc.text
        groups = sentence_groups(doc)
        kept = [(k, g) for k, g in enumerate(groups) if g]
        model = ner_pack_model(ner_pack)
        tagged = all(t.tag for t in doc.tokens)
        sents = [[t.text for t in g] for _, g in kept]
        self.sents = sents  # the words of each sentence with tokens, in order
        states = model.token_states(sents,
                                    [[t.tag for t in g] for _, g in kept] if tagged else None)
        tokens: list[Token] = [t for _, g in kept for t in g]
        self.starts = np.array([t.start for t in tokens], dtype=np.int64)
        self.ends = np.array([t.end for t in tokens], dtype=np.int64)
        self.sentence = np.array([k for k, g in kept for _ in g], dtype=np.int64)
        width = model.state_dim
        self.h = np.concatenate(states) if states else np.zeros((0, width), dtype=np.float32)
        if words:  # the NER's word vectors of the tokens beside its states
            vectors = (model.embedder.vectors(model.embedder.ids([t.text for t in tokens]))
                       .reshape(len(tokens), -1) if tokens
                       else np.zeros((0, model.embedder.dim), dtype=np.float32))
            self.h = np.concatenate([self.h, vectors], axis=1)
        if context:  # the mean of some layers of a contextual encoder (e5), or slovnet's
            self.h = np.concatenate([self.h, *(_layer_mean(part, sents, layers)
                                               for part in context.split(JOIN))], axis=1)
        self.heads = self.rels = np.zeros(0, dtype=np.int64)
        if tree:
            self.heads, self.rels = _parse(sents, self.sentence)

    def locate_all(self, spans: Sequence[tuple[int, int, str]]) -> list[MentionRef | None]:
        """For each (start, end, label) character span, the tokens it overlaps as a
        ``MentionRef`` (None where it overlaps none)."""
        from letopis.exec.relations import MentionRef

        if not len(self.starts):
            return [None] * len(spans)
        bounds = np.array([(a, b) for a, b, _ in spans], dtype=np.int64).reshape(-1, 2)
        first = np.searchsorted(self.ends, bounds[:, 0], side="right")
        last = np.searchsorted(self.starts, bounds[:, 1], side="left") - 1
        return [MentionRef(int(self.sentence[f]), int(f), int(la), label, a, b, self.text[a:b])
                if f <= la and f < len(self.starts) else None
                for (a, b, label), f, la in zip(spans, first, last, strict=True)]

    def locate(self, start: int, end: int, label: str) -> MentionRef | None:
        """The tokens a character span overlaps (None if it overlaps none)."""
        return self.locate_all([(start, end, label)])[0]


def _parse(sents: list[list[str]], sentence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat dependency heads and relation ids of the sentences' tokens."""
    from letopis.exec.context import part_states
    from letopis.exec.syntax import syntax_parser

    if not sents:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return syntax_parser().parse(part_states("syntax", sents), sentence)


def _layer_mean(context: str, sents: list[list[str]], layers: Sequence[int]) -> np.ndarray:
    """N x width: the mean of the chosen layers of the context's token features (an e5
    context's layers are its hidden size wide; another context is one layer)."""
    from letopis.exec.context import PARTS, PREFIX, context_features, part_states
    from letopis.exec.e5 import E5Context

    features = context_features(context)
    width = features.enc.config.hidden if isinstance(features, E5Context) else features.dim
    if not sents:
        return np.zeros((0, width), dtype=np.float32)
    if context.removeprefix(PREFIX) in PARTS:  # one of slovnet's: maybe computed already
        return part_states(context.removeprefix(PREFIX), sents).astype(np.float32)
    stacked = features.states(sents).reshape(-1, features.dim // width, width)
    return stacked[:, list(layers) or [0]].mean(axis=1).astype(np.float32)


def find_relations(doc: Document, mentions: Sequence[Mention],
                   ner_model: str = "fast") -> list[Relation]:
    """The relations the shipped model finds between ``mentions`` of a segmented
    document (``Relation.head``/``tail`` are the mentions' ids), and what the pattern
    modules read from the words: kinship (``letopis.extract.kinship``), births and deaths
    (``letopis.extract.lifedates``), a name and its form in parentheses
    (``letopis.extract.aliases``), at score ``RULE_SCORE``; a pair and type the model found
    already is kept once, at the higher score, and a person and a date or place get a
    birth or a death, whichever scores higher (``EXCLUSIVE``). A person inside an award's
    name is no holder of an award (``_named_by_award``). ``ner_model``: the
    pipeline's NER model, which picks the relation model (``letopis.exec.relations.MODELS``)."""
    from letopis.exec.relations import relation_model
    from letopis.extract.aliases import later_forms, parenthesized
    from letopis.extract.kinship import RULE_SCORE, kinship
    from letopis.extract.lifedates import life_events

    model = relation_model(ner_model)
    states = DocStates(doc, model.ner_pack, words=model.words, context=model.context,
                       layers=model.context_layers, tree=model.tree)
    refs = states.locate_all([(m.start, m.end, m.label) for m in mentions])
    pairs = [(m, ref) for m, ref in zip(mentions, refs, strict=True) if ref is not None]
    found = model.predict(states.h, states.sentence, [ref for _, ref in pairs],
                          (states.heads, states.rels))
    scored = [(pairs[i][0], pairs[j][0], rtype, score) for i, j, rtype, score in found
              if not (rtype == "AWARDED_WITH" and _named_by_award(pairs[i][0], mentions))
              and not (rtype == "ALTERNATIVE_NAME" and _one_form(doc, pairs[i][0], pairs[j][0]))]
    rules = kinship(doc, mentions) + life_events(doc, mentions) + parenthesized(doc, mentions)
    rules += later_forms(doc, mentions)
    scored += [(head, tail, rtype, RULE_SCORE) for rtype, head, tail in rules]
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for head, tail, rtype, score in sorted(scored, key=lambda f: -f[3]):
        if rtype in SYMMETRIC_RELATIONS and (tail.start, tail.end) < (head.start, head.end):
            head, tail = tail, head
        key = (head.id, tail.id, rtype)
        if key in seen or (head.id, tail.id, EXCLUSIVE.get(rtype, "")) in seen:
            continue  # a date is one person's birth or death, not both: the likelier stays
        seen.add(key)
        out.append(Relation("", rtype, head.id, tail.id, min(head.start, tail.start),
                            max(head.end, tail.end), round(score, 4)))
    out.sort(key=lambda r: (r.start, r.end, r.type))
    for k, r in enumerate(out, 1):
        r.id = f"r{k}"
    return out


# the types a person and one date or place cannot both have
EXCLUSIVE = {"DATE_OF_BIRTH": "DATE_OF_DEATH", "DATE_OF_DEATH": "DATE_OF_BIRTH",
             "PLACE_OF_BIRTH": "PLACE_OF_DEATH", "PLACE_OF_DEATH": "PLACE_OF_BIRTH"}


def _one_form(doc: Document, a: Mention, b: Mention) -> bool:
    """Whether two mentions are one name in two cases (``Мхитарян`` and ``Мхитаряна``,
    ``голосовании`` and ``голосования``): their words' lemmas are the same. NEREL gives such
    a pair no ALTERNATIVE_NAME (the model did: 5 right of 46 on NEREL dev, 14 of 133 on
    the first 300 train texts)."""
    return _lemmas(doc, a) == _lemmas(doc, b)


def _lemmas(doc: Document, m: Mention) -> str:
    return tokens_key(span_tokens(doc, m.start, m.end), words_only=True).lower().replace("ё", "е")


def _named_by_award(person: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether ``person`` lies inside an AWARD's name (``Ленина`` of ``орденом Ленина``,
    ``Анны`` of ``орден св. Анны``): the order's namesake, not one who holds it."""
    return any(m.label == "AWARD" and m.start <= person.start and person.end <= m.end
               for m in mentions)


def tag_relations(doc: Document, ner_model: str = "fast") -> Document:
    """Add the relations between the document's mentions (the relation model of the
    pipeline's ``ner_model``).

    Reads: text, sentences, tokens (and tags), mentions. Writes: relations.
    """
    doc.relations = find_relations(doc, doc.mentions, ner_model)
    return doc


def relations_stage(ner_model: str = "fast") -> Callable[[Document], Document]:
    """The ``relations`` stage of a pipeline with the registered NER ``ner_model``."""
    if ner_model == "fast":
        return tag_relations

    def stage(doc: Document) -> Document:
        return tag_relations(doc, ner_model)

    stage.__doc__ = tag_relations.__doc__
    return stage
