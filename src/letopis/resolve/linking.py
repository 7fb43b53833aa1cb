"""Entity linking: each entity to the knowledge base's Wikidata Q-id or GeoNames place.

Candidates come from the entity's name, aliases and mention texts as lookup keys
(``letopis.kb.keys``: lemmas, ё folded, initials against full names), kept when their
type is compatible with the entity's label (one family for all place labels, one for
organizations and products). Each
candidate's evidence is how often NEREL train links those keys to it; mentions NEREL
links to nothing count against every candidate. The best candidate is linked when its
evidence is at least ``MIN_COUNT`` and its share at least ``THRESHOLD`` (both chosen on
NEREL dev). Without any counted evidence, a name the knowledge base knows from another
source is linked only when it names one item (a bare surname only when one person in
the knowledge base has it; a place name the most populous place by far). A wrong link is
worse than none. See docs/linking.md.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any

from letopis.doc import PLACE_LABELS, Document, Entity
from letopis.kb.authority import Candidate, KnowledgeBase, Record, default_kb
from letopis.kb.keys import cyrillic_skeleton, lemma_key, person_keys, surface_key
from letopis.resolve.cluster import link_family
from letopis.resolve.names import word_readings

# Chosen on NEREL dev (docs/linking.md): share of the evidence, least link count.
THRESHOLD = 0.5
MIN_COUNT = 1
# a person named by one word only needs the links of this many NEREL train mentions
ONE_WORD_LEAST = 2
# a person named by a first name alone is linked only where the base's data links that
# very name so this often (``Платон`` of a metropolitan is no namesake in the news)
GIVEN_NAME_LEAST = 4
# a place reached through its adjective: one NEREL links, or a town this large (the
# villages sharing a name with an estate or a family say nothing)
ADJECTIVE_POPULATION = 20_000
# a place called by a common noun (``Изумруд``) and known only to GeoNames: a town this
# large, else no link
COMMON_WORD_POPULATION = 100_000
VILLAGE_REACH = 200  # km from another linked place that a village's link may lie
POPULATION_MARGIN = 10  # the most populous namesake must be this many times the next
# the dictionary's grammemes of names other than a first name or a place's
NAME_GRAMMEMES = frozenset({"Surn", "Patr", "Orgn", "Trad"})
SURNAME_MEMORY = 50_000  # items whose surnames ``_surnames`` remembers per base
UNLINKED = frozenset({"DATE", "NUMBER", "AGE", "MONEY", "PERCENT", "TIME", "ORDINAL",
                      "PENALTY", "CRIME", "DISEASE"})


_SURNAMES: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary())


@dataclass(frozen=True)
class Params:
    """The linker's decision parameters."""

    threshold: float = THRESHOLD
    min_count: int = MIN_COUNT


def link_entities(doc: Document, kb: KnowledgeBase | None = None,
                  params: Params = Params()) -> Document:
    """Set ``wikidata``, ``geonames`` and ``coords`` of the entities the KB knows.

    Reads: entities, mentions. Writes: entities' ``wikidata``, ``geonames``, ``coords``.
    """
    kb = kb if kb is not None else default_kb()
    if not kb.paths:
        return doc
    texts = {m.id: m.text for m in doc.mentions}
    todo = [(entity, forms) for entity in doc.entities
            if entity.label not in UNLINKED and not entity.wikidata and not entity.geonames
            and not common_place_word(entity, forms := [texts[m] for m in entity.mentions
                                                         if m in texts])]
    keys = [entity_keys(entity, forms) for entity, forms in todo]
    derived = [key for entity, forms in todo for noun in adjective_nouns(entity, forms)
               for key in (lemma_key(noun), surface_key(noun))]
    kb.prefetch([*(key for found in keys for key in found), *derived])
    inside = _nested_adjectives(doc, [entity for entity, _ in todo])
    kinds = kind_words(doc)
    features = _natural_features(doc, kinds)
    for (entity, forms), found in zip(todo, keys, strict=True):
        record = choose(kb, entity, forms, params, found, nested=entity.id in inside,
                        feature=entity.id in features)
        if record is not None and _adjectival_settlement(entity, kinds) and not any(
                surface_key(name) == surface_key(entity.name)
                for name in (record.name, *record.aliases)):
            record = None  # ``деревни Ивановской`` is not Иваново, whose adjective it is
        if record is not None and not record.wikidata and (word := common_noun_name(entity)) and (
                word == "name" or (record.population or 0) < COMMON_WORD_POPULATION):
            record = None  # a verse's ``Изумруд`` is no village, ``Кати`` no town in Mali
        if record is not None:
            entity.wikidata = record.wikidata
            entity.geonames = record.geonames
            entity.coords = list(record.coords) if record.coords else None
    for entity in _unsupported_villages(doc, kinds):
        entity.geonames, entity.coords = None, None
    return doc


def kind_words(doc: Document) -> dict[str, set[str]]:
    """Entity id -> the folded lemmas of the gazetteer's kind words (``река``, ``село``;
    an abbreviation as its word) right before one of the entity's place mentions."""
    from bisect import bisect_left

    from letopis.extract.geo import kind_before

    starts = [t.start for t in doc.tokens]
    found: dict[str, set[str]] = {}
    for mention in doc.mentions:
        i = bisect_left(starts, mention.start) - 1
        if mention.label not in PLACE_LABELS or not mention.entity or i < 0:
            continue
        kind = kind_before(doc.tokens, i)
        if kind is not None:
            found.setdefault(mention.entity, set()).add(kind[1])
    return found


def _natural_features(doc: Document, kinds: dict[str, set[str]]) -> set[str]:
    """Ids of the LOCATION entities named after the word for a natural feature (``реке``,
    ``оз.``; the gazetteer's ``feature`` kind): a river's name is often a town's too
    (``Угра``, ``Шексна``, ``Днепр``), and the knowledge base's GeoNames part holds
    settlements only; and those named as a river, lake, sea or mountain of the natural
    features' gazetteer (``Неман``, not the town Неман)."""
    from letopis.extract.geo import settlement_table
    from letopis.extract.nature import feature_name

    words = settlement_table()[0]
    return {e.id for e in doc.entities if e.label == "LOCATION" and (
        any(words[k] == "feature" for k in kinds.get(e.id, ())) or feature_name(e.name))}


def _adjectival_settlement(entity: Entity, kinds: dict[str, set[str]]) -> bool:
    """Whether the entity is a settlement named by an adjective after its kind word
    (``деревни Ивановской``, ``в селе Покровском``): its name's lemma is the adjective of
    a town (``ивановский``, Иваново): only an item called by the name itself fits."""
    from letopis.extract.geo import settlement_table
    from letopis.morph import parse

    words = settlement_table()[0]
    if " " in entity.name or not any(words.get(k) == "settlement"
                                     for k in kinds.get(entity.id, ())):
        return False
    return any("ADJF" in p.tag and p.tag.case == "nomn" for p in parse(entity.name.lower()))


def _unsupported_villages(doc: Document, kinds: dict[str, set[str]]) -> list[Entity]:
    """The entities named after a village's word (``с. Бородино``, ``в деревне
    Кривцове``) linked to a GeoNames place alone with no other linked place of the
    document within ``VILLAGE_REACH`` km: thousands of villages share a name and the
    knowledge base holds only the larger places, so a namesake far away is likelier than
    the village itself."""
    from letopis.resolve.placenames import VILLAGE_WORDS

    placed = [e for e in doc.entities if e.coords and e.label in PLACE_LABELS]
    found = []
    for entity in placed:
        if entity.wikidata or not kinds.get(entity.id, set()) & VILLAGE_WORDS:
            continue
        if not any(other is not entity and _km(entity.coords, other.coords) <= VILLAGE_REACH
                   for other in placed):
            found.append(entity)
    return found


def _km(a: Any, b: Any) -> float:
    """Great-circle distance in kilometres between two (lat, lon) pairs."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


def common_place_word(entity: Entity, texts: list[str]) -> bool:
    """Whether a place is named only by one lower-case word that is no adjective
    (``сваты``, an OCR fragment): a common word the NER model took for a place, never
    linked. NEREL's lower-case places are adjectives (``российских``, 833 of 966 in train)
    or phrases (``центре Москвы``); its linked one-word nouns are a handful (``столице``)."""
    from letopis.morph import parse
    from letopis.resolve.cluster import family

    if family(entity.label) != "PLACE" or not texts:
        return False
    return all(len(t.split()) == 1 and t[:1].islower()
               and not any("ADJF" in p.tag for p in parse(t)) for t in texts)


def common_noun_name(entity: Entity) -> str | None:
    """``noun`` where a place is named by one word that the dictionary knows as a common
    noun and not as a place or a surname (``Изумруд``, capitalized at a verse's line),
    ``name`` where it knows it as a first name so (``Катя``, ``Кати``: a person the model
    took for a town), else None (``Орёл`` and ``Псков`` have a place's reading,
    ``Пушкин`` a surname's)."""
    from letopis.morph import parse
    from letopis.resolve.cluster import family

    low = entity.name.lower()
    if family(entity.label) != "PLACE" or not low.isalpha():
        return None
    readings = [p for p in parse(low) if p.is_known]
    if any(NAME_GRAMMEMES & p.tag.grammemes or "Geox" in p.tag for p in readings):
        return None
    if any("Name" in p.tag for p in readings):
        return "name"
    return "noun" if any(p.tag.POS == "NOUN" and p.normal_form == low
                         for p in readings) else None


def entity_keys(entity: Entity, texts: list[str]) -> dict[str, str]:
    """Lookup key -> kind (``name``, or ``initials``/``surname`` for a person's forms)."""
    keys: dict[str, str] = {}
    if entity.label == "PERSON":
        for key, kind in person_keys(entity.name):
            keys.setdefault(key, "name" if kind == "name" else "derived")
    for form in [entity.name, *entity.aliases, *texts]:
        for key in (lemma_key(form), surface_key(form)):
            if key:
                keys[key] = "name"
    return keys


def compatible(label: str, type_: str) -> bool:
    """Whether an entity of ``label`` may be an item seen as ``type_`` (one family for
    all place labels, one for organizations and products: ``link_family``)."""
    return link_family(label) == link_family(type_)


def choose(kb: KnowledgeBase, entity: Entity, texts: list[str],
           params: Params = Params(), keys: dict[str, str] | None = None,
           depth: int = 0, nested: bool = False, feature: bool = False) -> Record | None:
    """The item the entity names, or None (no candidate, too little evidence, ambiguous).

    ``keys``: ``entity_keys(entity, texts)`` if already computed; ``depth`` 1 for the place
    names ``_by_adjective`` asks about (no further derivation); ``nested``: a place named
    by an adjective only inside longer names (``Бородинском сражении``), which names the
    place the adjective comes from, never a village called by the adjective itself;
    ``feature``: a place named after a river's or a lake's word (``на реке Угре``), which
    is no settlement of that name (``_natural_features``)."""
    keys = entity_keys(entity, texts) if keys is None else keys
    evidence: Counter[str] = Counter()
    named: set[str] = set()
    surnamed: set[str] = set()
    nil = 0
    for key, kind in keys.items():
        cands = [c for c in kb.candidates(key) if compatible(entity.label, c.type)
                 and not (feature and c.type != "LOCATION")
                 and not (entity.label == "PERSON" and _conflict(kb, entity, c.item))]
        nil += sum(n for t, n in kb.nil(key).items() if compatible(entity.label, t))
        _gather(cands, kind, evidence, named, surnamed)
    if not evidence and not nil and (nested or not named) and not depth and not feature:
        found = _by_adjective(kb, entity, texts, params)
        if found is not None or nested:  # ``Новочеркасского полка``: Новочеркасск
            return found
    if evidence:
        if _one_word_person(entity, keys) and len(set(evidence) | named | surnamed) > 1:
            return None  # «Иванов» alone where the base knows two persons so called
        item, count = evidence.most_common(1)[0]
        share = count / (sum(evidence.values()) + nil)
        least = params.min_count
        if _one_word_person(entity, keys):  # one article's «Гагарина» is no one else's
            least = max(least, ONE_WORD_LEAST)
        if _given_name_only(entity, keys) and _name_count(kb, entity, item) < GIVEN_NAME_LEAST:
            return None  # «Платон»: a first name, whoever the base knows by it
        if count >= least and share >= params.threshold:
            return kb.record(item)
        return None
    if nil:
        return None
    if not (named or surnamed) and entity.label == "CITY":
        return _bridged(kb, entity, texts)
    if entity.label == "PERSON" and _given_name_only(entity, keys):
        return None  # «Николай» alone: a first name says nothing of whom
    if not named and entity.label == "PERSON":
        surnamed = {item for item in surnamed if _initial_fits(kb, entity, item)}
    return _without_counts(kb, entity, named or surnamed)


def _by_adjective(kb: KnowledgeBase, entity: Entity, texts: list[str],
                  params: Params) -> Record | None:
    """A place named only by an adjective the knowledge base does not know (``Псковского
    уезда``'s ``Псковского``, ``Новочеркасского полка``): the one place the nouns it may
    come from name (``place_nouns``), each looked up as a name of its own, if NEREL links
    it or it has ``ADJECTIVE_POPULATION`` inhabitants."""
    found = {}
    nouns = adjective_nouns(entity, texts)
    if _common_stem(nouns):
        return None  # ``барский`` of ``бар``, ``городской``: no place's adjective
    for noun in nouns:
        record = choose(kb, Entity(entity.id, entity.label, noun), [noun], params, depth=1)
        if record is not None and (record.wikidata or (record.population or 0)
                                   >= ADJECTIVE_POPULATION):
            found[record.id] = record
    return next(iter(found.values())) if len(found) == 1 else None


def _common_stem(nouns: list[str]) -> bool:
    """Whether an adjective's possible nouns (``place_nouns``) hold a common noun in the
    nominative (``бар`` of ``барский``, ``город``, ``мор``) and no place the
    dictionary knows (``Пермь`` beside ``перм``; ``Курск``: ``кур`` is a form of
    ``курица``)."""
    from letopis.morph import parse

    common = False
    for noun in nouns:
        low = noun.lower()
        readings = [p for p in parse(low) if p.is_known]
        if any("Geox" in p.tag for p in readings):
            return False
        common = common or any(
            p.tag.POS == "NOUN" and p.normal_form == low and "nomn" in p.tag
            and not NAME_GRAMMEMES & p.tag.grammemes and "Name" not in p.tag
            for p in readings)
    return common


def _nested_adjectives(doc: Document, entities: list[Entity]) -> set[str]:
    """Ids of the place entities named by one adjective whose every mention lies inside a
    longer mention (``Бородинском`` of ``Бородинском сражении``, ``Псковского`` of
    ``Псковского уезда``)."""
    from letopis.resolve.cluster import family

    spans = [(m.start, m.end) for m in doc.mentions]
    by_id = {m.id: m for m in doc.mentions}
    found = set()
    for entity in entities:
        if family(entity.label) != "PLACE" or _adjective_lemma(entity.name) is None:
            continue
        mentions = [by_id[i] for i in entity.mentions if i in by_id]
        if mentions and all(any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end)
                                for s, e in spans) for m in mentions):
            found.add(entity.id)
    return found


def adjective_nouns(entity: Entity, texts: list[str]) -> list[str]:
    """``place_nouns`` of a place entity named by one adjective in every form, else []."""
    from letopis.resolve.cluster import family

    if family(entity.label) != "PLACE" or not texts or any(" " in t for t in texts):
        return []
    lemma = _adjective_lemma(entity.name)
    return place_nouns(lemma) if lemma is not None else []


def _adjective_lemma(name: str) -> str | None:
    """The lemma of a one-word name's reading as a full adjective (``Бородинский``, though
    pymorphy reads it first as a surname), else None."""
    from letopis.morph import parse

    if " " in name:
        return None
    return next((p.normal_form for p in parse(name.lower()) if p.tag.POS == "ADJF"), None)


# the endings of a place's adjective and what the place's name may end in instead
# (``псковский`` Псков, ``новочеркасский`` Новочеркасск, ``рязанский`` Рязань,
# ``бородинский`` Бородино, ``тверской`` Тверь, ``иркутский`` Иркутск)
ADJECTIVE_ENDINGS = (("ский", ("", "ск", "ь", "о")),
                     ("ской", ("", "ь", "ск")),
                     ("цкий", ("тск", "цк", "к")))


def place_nouns(lemma: str) -> list[str]:
    """The place names an adjective's lemma may come from, capitalized."""
    for ending, stems in ADJECTIVE_ENDINGS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            base = lemma[:-len(ending)]
            return [(base + stem).capitalize() for stem in stems]
    return []


def _bridged(kb: KnowledgeBase, entity: Entity, texts: list[str]) -> Record | None:
    """A city the knowledge base knows by no Cyrillic form of its name: the one city whose
    Latin names have the same shape (``letopis.kb.keys.cyrillic_skeleton``:
    ``Гельсингфорс`` is Helsingfors, that is Helsinki), if exactly one."""
    keys = {cyrillic_skeleton(form) for form in (entity.name, *entity.aliases, *texts)}
    items = {c.item for key in keys - {""} for c in kb.candidates(key) if c.kind == "script"}
    return kb.record(next(iter(items))) if len(items) == 1 else None


def _one_word_person(entity: Entity, keys: dict[str, str]) -> bool:
    """Whether a person is named by one word only (a surname or a given name alone), in
    every form the document gives."""
    return entity.label == "PERSON" and all(len(key.split()) <= 1 for key in keys)


def _name_count(kb: KnowledgeBase, entity: Entity, item: str) -> int:
    """How often the knowledge base's data links the entity's own name (its lemma key) to
    ``item``: the evidence of its other forms counts the same mentions again."""
    return max((c.count for c in kb.candidates(lemma_key(entity.name)) if c.item == item),
               default=0)


def _given_name_only(entity: Entity, keys: dict[str, str]) -> bool:
    """Whether a person is named by one word that reads first as a given name
    (``Николай``, ``Екатерина``; not ``Сталин`` or ``Мадонна``)."""
    if not _one_word_person(entity, keys):
        return False
    words = entity.name.split()
    if len(words) != 1:
        return False
    readings = word_readings(words[0])
    return bool(readings) and max(readings, key=lambda r: r.score).role == "first"


def _initial_fits(kb: KnowledgeBase, entity: Entity, item: str) -> bool:
    """Whether a person reached by surname alone may be the item: a name with a first name
    needs the item to be known with that initial (``Ж. Пик`` is not ``Даниэла Пик``)."""
    ours = lemma_key(entity.name).split()
    if len(ours) < 2:
        return True
    record = kb.record(item)
    theirs = lemma_key(_in_order(record.name)).split() if record else []
    if len(theirs) >= 2 and theirs[-1] == ours[-1] and theirs[0][0] == ours[0][0]:
        return True
    return any(c.item == item for c in kb.candidates(f"{ours[0][0]} {ours[-1]}"))


def _conflict(kb: KnowledgeBase, entity: Entity, item: str) -> bool:
    """Whether a person's name contradicts the item's; names in the canonical order.

    A person whose names of two or more words all end in a surname the item never bears
    (neither its names nor the surnames of the forms NEREL links to it) is
    another person (``Елизавета Петровна Глинка`` is not ``Елизавета II``); with the same
    surname, a different first name, patronymic or initial is too (``В. Лукашенко`` is
    not ``Александр Григорьевич Лукашенко``)."""
    record = kb.record(item)
    if record is None:
        return True
    ours = lemma_key(entity.name).split()
    theirs = lemma_key(_in_order(record.name)).split()
    surnames = _surnames(kb, record)
    full = [words for words in (lemma_key(form).split() for form in (entity.name,
                                                                     *entity.aliases))
            if len(words) >= 2]
    if full and not any(words[-1] in surnames or any(
            c.item == item and c.kind == "surname" and c.count for c in kb.candidates(words[-1]))
            for words in full):
        return True
    if len(ours) < 2 or len(theirs) < 2 or ours[-1] != theirs[-1]:
        return False
    given = [(ours[0], theirs[0])]
    if len(ours) == len(theirs) == 3:  # both name a patronymic
        given.append((ours[1], theirs[1]))
    return any(mine[0] != other[0] or (len(mine) > 1 and len(other) > 1 and mine != other)
               for mine, other in given)


def _surnames(kb: KnowledgeBase, record: Record) -> frozenset[str]:
    """The last words (lemmas) of the item's name and aliases, remembered per base and
    item: an item with many aliases is met by many persons of a corpus."""
    memo = _SURNAMES.setdefault(kb, {})
    found = memo.get(record.id)
    if found is None:
        if len(memo) >= SURNAME_MEMORY:
            memo.clear()
        found = memo[record.id] = frozenset(
            words[-1] for words in (lemma_key(_in_order(other)).split()
                                    for other in (record.name, *record.aliases)) if words)
    return found


def _in_order(name: str) -> str:
    """A name written ``Surname, Given`` (``Пик, Цвика``) in the canonical order."""
    surname, comma, given = name.partition(",")
    return f"{given.strip()} {surname.strip()}" if comma and given.strip() else name


def _gather(cands: list[Candidate], kind: str, evidence: Counter[str], named: set[str],
            surnamed: set[str]) -> None:
    """Add one key's candidates: counted links to ``evidence``, the rest to the name sets."""
    for c in cands:
        if c.kind == "surname" or kind == "derived":
            surnamed.add(c.item)
        elif c.count:
            evidence[c.item] += c.count
        else:
            named.add(c.item)


def _without_counts(kb: KnowledgeBase, entity: Entity, items: set[str]) -> Record | None:
    """The one item a name known from another source names, or None."""
    if len(items) == 1:
        return kb.record(next(iter(items)))
    if entity.label not in PLACE_LABELS or not items:
        return None
    records = sorted((r for r in map(kb.record, items) if r is not None),
                     key=lambda r: r.population or 0, reverse=True)
    if len(records) >= 2 and (records[0].population or 0) >= POPULATION_MARGIN * max(
            records[1].population or 0, 1):
        return records[0]
    return None
