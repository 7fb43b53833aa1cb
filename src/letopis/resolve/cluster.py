"""In-document clustering: mentions that name the same thing become one Entity.

Persons are grouped by surname, first name, patronymic and initials (conflicting
initials or first names never merge); a bare surname joins the most recent compatible
person, a first name alone only an unambiguous one. Other names are grouped by their
normalized form within a label family (all place labels form one family); an
abbreviation joins the one entity whose name it abbreviates (``КГБ`` ->
``Комитет государственной безопасности``). See docs/names.md.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from letopis.doc import PLACE_LABELS, Document, Entity, Mention
from letopis.resolve.names import VOWELS, PersonName, fold
from letopis.resolve.normalize import (
    cyrillic_initials,
    is_name_label,
    mention_normal,
    normalize_names,
    resolve_persons,
    unquote,
)

ABBREVIATION_SKIP = frozenset({"и", "по", "в", "на", "для", "с", "о", "об", "при", "за"})


@dataclass
class Group:
    """Mentions gathered into one future entity (persons carry their parsed names)."""

    mentions: list[Mention] = field(default_factory=list)
    names: list[PersonName] = field(default_factory=list)
    surname_key: str | None = None  # the folded surname of the first name that has one

    def add(self, mention: Mention, name: PersonName | None = None) -> None:
        """Put a mention (and its parsed person name) into the group."""
        self.mentions.append(mention)
        if name is not None:
            self.names.append(name)
            if self.surname_key is None and name.surname:
                self.surname_key = fold(name.surname)

    def surname(self) -> str | None:
        """The folded surname shared by the group, if any."""
        return self.surname_key

    def value(self, attribute: str) -> str | None:
        """The first known value of a PersonName attribute in the group (folded)."""
        for name in self.names:
            found = getattr(name, attribute)
            if found:
                return fold(found)
        return None


def cluster_entities(doc: Document) -> Document:
    """Group name mentions into entities and link each mention to its entity.

    Reads: mentions, normals (computed first if missing), tokens. Writes: entities,
    mentions' ``entity``.
    """
    named = sorted((m for m in doc.mentions if is_name_label(m.label)),
                   key=lambda m: (m.start, -m.end))
    if any(m.id not in doc.normals for m in named):
        normalize_names(doc)
    persons = {mid: name for mid, name in resolve_persons(doc).items() if name.canonical()}
    doc._persons = None  # read; the names hold pymorphy's grammemes, which do not pickle
    genders = _verb_genders(doc, [m for m in named if m.id in persons], persons)
    groups = cluster_persons([m for m in named if m.id in persons], persons, genders)
    groups += cluster_names(doc, [m for m in named if m.id not in persons])
    groups.sort(key=lambda g: min((m.start, -m.end) for m in g.mentions))
    doc.entities = []
    for mention in doc.mentions:
        if is_name_label(mention.label):
            mention.entity = None
    for number, group in enumerate(groups, 1):
        entity = build_entity(doc, f"e{number}", group)
        doc.entities.append(entity)
        for mention in group.mentions:
            mention.entity = entity.id
    return doc


# -- persons ---------------------------------------------------------------

FIELDS = (("first", "first_initial"), ("patronymic", "patronymic_initial"))


def compatible(name: PersonName, group: Group) -> bool:
    """No conflict in surname, first name, patronymic or their initials."""
    surname = group.surname()
    if name.surname and surname and fold(name.surname) != surname:
        return False
    for full, initial in FIELDS:
        mine, theirs = getattr(name, full), group.value(full)
        if mine and theirs and fold(mine) != theirs:
            return False
        mine, theirs = getattr(name, initial), group.value(initial)
        if mine and theirs and fold(mine) != theirs:
            return False
    return True


def agreement(name: PersonName, group: Group) -> int:
    """How many given-name fields positively match (full names 2, initials 1)."""
    score = 0
    for full, initial in FIELDS:
        mine, theirs = getattr(name, full), group.value(full)
        if mine and theirs and fold(mine) == theirs:
            score += 2
        elif getattr(name, initial) and getattr(name, initial).lower() == group.value(initial):
            score += 1
    return score


def _verb_genders(doc: Document, mentions: list[Mention],
                  names: dict[str, PersonName]) -> dict[str, str]:
    """Mention id -> the gender of the past-tense verb that agrees with a bare surname
    written as its nominative (``Визбор заинтересовался``: a man, though ``Визбор`` is a
    woman's form too)."""
    from letopis.resolve.normalize import TokenIndex

    index: TokenIndex | None = None
    found = {}
    for m in mentions:
        name = names[m.id]
        if name.first_initial or not name.surname or fold(m.text) != fold(name.surname):
            continue
        index = index or TokenIndex(doc.tokens)
        i = bisect_left(index.starts, m.start) - 1
        before = doc.tokens[i].tag or "" if i >= 0 else ""
        if "PREP" in before or ("NOUN" in before and "nomn" in before):
            continue  # ``У Клинтон был кашель``, ``диагноз Клинтон был``: not its verb
        gender = index.context(m.start, m.end).verb_gender
        if gender:
            found[m.id] = gender
    return found


def cluster_persons(mentions: list[Mention], names: dict[str, PersonName],
                    genders: dict[str, str] | None = None) -> list[Group]:
    """Person groups: full names first, then bare surnames, then given names alone.
    ``genders``: a bare surname's gender known from its verb (``_verb_genders``)."""
    groups: list[Group] = []
    full = [m for m in mentions if names[m.id].surname and names[m.id].first_initial]
    bare = [m for m in mentions if names[m.id].surname and not names[m.id].first_initial]
    given = [m for m in mentions if not names[m.id].surname]
    for mention in full:
        name = names[mention.id]
        fits = [g for g in groups if g.surname() == fold(name.surname or "")
                and compatible(name, g)]
        best = max(fits, key=lambda g: (agreement(name, g), _last_before(g, mention)),
                   default=None)
        _join_or_new(groups, best, mention, name)
    for mention in bare:
        name = names[mention.id]
        key = fold(name.surname or "")
        gender = _declined_gender(mention, name)
        fits = [g for g in groups if g.surname() == key and _same_gender(gender, g)]
        verb = (genders or {}).get(mention.id)
        if len(fits) > 1 and verb:  # two persons of one surname: the verb's gender picks
            fits = [g for g in fits if _same_gender(verb, g)] or fits
        group = _nearest(fits, mention)
        _join_or_new(groups, group or _by_first_name(groups, key), mention, name)
    for mention in given:
        name = names[mention.id]
        _join_or_new(groups, _for_given_name(groups, name, mention), mention, name)
    return groups


def _declined_gender(mention: Mention, name: PersonName) -> str | None:
    """``masc`` for a bare surname ending in a consonant and declined (``Визбора``,
    ``Визбором``): Russian declines such a surname for men only (``Варвара Визбор`` stays
    as written). Only the form decides, not the reading's own gender (``Остин`` read by
    the ``-ин`` paradigm)."""
    words = mention.text.lower().split()
    surname = (name.surname or "").lower().split()[-1:]  # ``Маарсен`` of ``ван Маарсен``
    if (words and surname and words[-1] != surname[0] and surname[0][-1].isalpha()
            and surname[0][-1] not in VOWELS + "йь"):
        return "masc"
    return None


def _same_gender(gender: str | None, group: Group) -> bool:
    """Whether a bare surname of ``gender`` may name the group's person (known by a first
    name: ``Варвара Визбор`` is a woman, and ``Визбора`` a man)."""
    theirs = next((n.gender for n in group.names if n.gender and n.first), None)
    return gender is None or theirs is None or gender == theirs


def _by_first_name(groups: list[Group], key: str) -> Group | None:
    """The one named person whose first name is ``key`` (a word read as a surname)."""
    fits = [g for g in groups if g.surname() and g.value("first") == key]
    return fits[0] if len(fits) == 1 else None


def _for_given_name(groups: list[Group], name: PersonName, mention: Mention) -> Group | None:
    """A group for a name without surname: the one person it fits, else none."""
    fits = [g for g in groups if g.surname() and compatible(name, g) and agreement(name, g)]
    if len(fits) == 1:
        return fits[0]
    alone = name.first if not name.patronymic else None if name.first else name.patronymic
    if alone and not fits:  # a surname read as a first name or patronymic (Милорадович)
        group = _nearest([g for g in groups if g.surname() == fold(alone)], mention)
        if group is not None:
            return group
    fits = [g for g in groups if not g.surname() and compatible(name, g) and agreement(name, g)]
    return fits[0] if len(fits) == 1 else None


def _join_or_new(groups: list[Group], group: Group | None, mention: Mention,
                 name: PersonName) -> None:
    if group is None:
        group = Group()
        groups.append(group)
    group.add(mention, name)


def _last_before(group: Group, mention: Mention) -> int:
    return max((m.start for m in group.mentions if m.start < mention.start), default=-1)


def _nearest(fits: list[Group], mention: Mention) -> Group | None:
    """The group mentioned most recently before ``mention``, else the next one after."""
    if len(fits) <= 1:
        return fits[0] if fits else None
    before = [g for g in fits if _last_before(g, mention) >= 0]
    if before:
        return max(before, key=lambda g: _last_before(g, mention))
    return min(fits, key=lambda g: min(m.start for m in g.mentions))


# -- other names -----------------------------------------------------------

def family(label: str) -> str:
    """Labels that may name the same thing: every place label is one family."""
    return "PLACE" if label in PLACE_LABELS else label


def link_family(label: str) -> str:
    """Labels whose names may name one item across documents and in the knowledge base:
    ``family``, with ``PRODUCT`` joined to ``ORGANIZATION``. NEREL train gives the same
    name as both one Q-id 183 times and two Q-ids never (media and services that are a
    company and its product: «Коммерсант», Twitter); NER models hesitate between the two
    labels from one document to the next (docs/store.md)."""
    found = family(label)
    return "ORGANIZATION" if found == "PRODUCT" else found


def cluster_names(doc: Document, mentions: list[Mention]) -> list[Group]:
    """Group non-person mentions by label family and folded normal form."""
    by_key: dict[tuple[str, str], Group] = {}
    for mention in mentions:
        key = (family(mention.label), fold(mention_normal(doc, mention)))
        if mention.label == "EVENT" and _verbal(mention.text):
            key = (key[0], f"{key[1]}#{mention.id}")  # each ``родился`` is its own event
        by_key.setdefault(key, Group()).add(mention)
    return merge_abbreviations(by_key)


def _verbal(text: str) -> bool:
    """Whether an event is told by a verb (``родился``, ``назначен``, ``род.``), not named
    by a noun (``выборы``, ``Бородинское сражение``): two births in a text are two
    events, two mentions of the elections one."""
    from letopis.morph import parse

    first = text.split()[0].lower() if text.split() else ""
    parses = parse(first)
    return bool(parses) and parses[0].tag.POS in ("VERB", "PRTS", "INFN", "GRND") or (
        first in ("род", "ум", "сконч"))


def initials_of(name: str) -> set[str]:
    """Abbreviations a multiword name may have: first letters of all or of content words."""
    return set(_initials(name))


@lru_cache(maxsize=50_000)
def _initials(name: str) -> frozenset[str]:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if len(words) < 2:
        return frozenset()
    content = [w for w in words if w.lower() not in ABBREVIATION_SKIP]
    return frozenset("".join(w[0] for w in ws).lower() for ws in (words, content))


def merge_abbreviations(by_key: dict[tuple[str, str], Group]) -> list[Group]:
    """Join an all-capitals abbreviation group to the one group whose name it abbreviates."""
    merged: set[tuple[str, str]] = set()
    for key, group in by_key.items():
        surface = group.mentions[0].text
        if not (surface.isupper() and surface.isalpha() and 2 <= len(surface) <= 8):
            continue
        targets = [k for k in by_key if k != key and k[0] == key[0] and k not in merged
                   and key[1] in _initials(k[1])]
        if len(targets) == 1:
            by_key[targets[0]].mentions.extend(group.mentions)
            merged.add(key)
    return [g for k, g in by_key.items() if k not in merged]


# -- entities --------------------------------------------------------------

def build_entity(doc: Document, entity_id: str, group: Group) -> Entity:
    """An Entity from a group: majority label, fullest name, the other forms as aliases."""
    mentions = sorted(group.mentions, key=lambda m: (m.start, -m.end))
    labels = Counter(m.label for m in mentions)
    first_seen = {label: i for i, label in reversed(list(enumerate(m.label for m in mentions)))}
    label = max(labels, key=lambda lb: (lb == "PERSON", labels[lb], -first_seen[lb]))
    normals = [mention_normal(doc, m) for m in mentions]
    name = cyrillic_initials(_person_name(group)) if group.names else ""
    name = name or _fullest(normals)
    aliases: list[str] = []
    for form in normals + [unquote(m.text) for m in mentions]:
        if form and form.lower() != name.lower() and form not in aliases:
            aliases.append(form)
    return Entity(entity_id, label, name, aliases, [m.id for m in mentions])


def _person_name(group: Group) -> str:
    """The group's name from its fullest parts: surname, first name, patronymic/initials."""
    pairs = sorted(zip(group.mentions, group.names, strict=True), key=lambda p: p[0].start)
    names = [name for _, name in pairs]
    surnames = Counter(n.surname for n in names if n.surname)
    surname = max(surnames, key=surnames.__getitem__, default=None)
    # a bare surname read as a patronymic (``Милорадович``) names no patronymic
    names = [n for n in names if n.surname or n.first or not n.patronymic or surname is None
             or fold(n.patronymic) != fold(surname)]
    # ``Акихито`` read once as a first name, once as a surname: the surname, no initial
    given = [n for n in names if not (n.first and surname and fold(n.first) == fold(surname))]
    first = next((n.first for n in given if n.first), None)
    patronymic = next((n.patronymic for n in names if n.patronymic), None)
    initials = []
    if first is None:  # initials only where no full first name is known
        initials += [n.first_initial for n in given if n.first_initial][:1]
        if initials and patronymic is None:
            initials += [n.patronymic_initial for n in names if n.patronymic_initial][:1]
    return PersonName(surname, first, patronymic, tuple(initials)).canonical()


def _fullest(normals: list[str]) -> str:
    counts = Counter(normals)
    order = {form: i for i, form in reversed(list(enumerate(normals)))}
    return max(counts, key=lambda f: (len(f.split()), "ё" in f.lower(), counts[f], -order[f]))
