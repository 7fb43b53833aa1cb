"""A reproducible corpus of N distinct Russian documents for the store and web benchmarks.

Each document is a few paragraphs of sentences drawn from a pool and of sentences built
from the templates below. The pool is the sentences of NEREL train + dev (never test)
when the data is found, else the paragraphs of ``texts.py``; the years of a pool
sentence are shifted into the document's period. Templates name persons, places and
organizations drawn by a power law (Zipf, exponent 1) from fixed lists in an order
shuffled by the seed, so a few entities occur in a large share of the documents and
most in very few; a person is named in full first, then by surname. Document ``i``
depends only on (seed, i, pool): a corpus of 500 is the first 500 of a corpus of 10,000.

Files go to ``OUT/doc-00001.txt`` ... with ``OUT/corpus.json`` (seed, n, pool, digest).
With ``--db`` the files are ingested like ``letopis ingest OUT --db DB --workers N``
(in this process, timed). The store gets a sidecar ``DB.corpus.json``; a later run
with the same seed, N and pool reuses a complete store instead of ingesting again
(``--fresh`` rebuilds it).

    python benchmarks/make_corpus.py --n 10000 --seed 1 --out DIR [--db DB] [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, pin_threads, write_json  # noqa: E402

GENERATOR = 1  # bump when the output for a given seed changes
MANIFEST = "corpus.json"


def words(text: str) -> tuple[str, ...]:
    """The space-separated words of ``text``."""
    return tuple(text.split())


FIRST_MALE = words(
    "Иван Пётр Николай Алексей Михаил Сергей Дмитрий Андрей Василий Григорий Фёдор Степан "
    "Павел Александр Константин Владимир Яков Матвей Тимофей Илья Егор Семён Аркадий Борис "
    "Виктор Глеб Лев Олег Роман Юрий"
)
FIRST_FEMALE = words(
    "Анна Мария Екатерина Ольга Елена Татьяна Наталья Софья Вера Надежда Ирина Александра "
    "Варвара Евдокия Ксения"
)
SURNAMES = words(  # male forms; all end in -ов/-ев/-ёв/-ин
    "Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков Алексеев Семёнов "
    "Егоров Павлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв "
    "Борисов Яковлев Григорьев Романов Воробьёв Сергеев Фролов Александров Дмитриев Королёв "
    "Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов "
    "Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров "
    "Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов "
    "Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов "
    "Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов "
    "Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов "
    "Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов "
    "Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев "
    "Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов "
    "Михеев Скворцов Юдин"
)
CITIES = words(
    "Москва Казань Тверь Ярославль Самара Саратов Пенза Тула Рязань Калуга Смоленск Псков "
    "Новгород Вологда Архангельск Пермь Уфа Оренбург Астрахань Воронеж Курск Орёл Тамбов "
    "Симбирск Вятка Кострома Владимир Иркутск Томск Омск Тобольск Екатеринбург Киев Одесса "
    "Харьков Рига Варшава Тифлис Баку Ташкент Париж Берлин Лондон Вена Рим Прага Стокгольм "
    "Женева Петербург"
)
ORG_HEADS = words("завод общество товарищество комитет союз артель газета театр банк училище")
ORG_NAMES = words(
    "Заря Прогресс Восход Труд Искра Рассвет Маяк Надежда Север Победа Волна Утро Знамя "
    "Родник Светоч Сокол Колос Пламя Гудок Вестник"
)
MONTHS_GEN = words(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
)
MONTHS_LOC = words(
    "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
)
SEASONS = ("зимой", "весной", "летом", "осенью")

# Our own sentences. Slots: {p1:case} persons, {l1:case} places, {o1:case} organizations,
# {a1} the past-tense ending of p1's gender ("" or "а"), {D} a date phrase.
TEMPLATES = (
    "{D} {p1:nomn} прибыл{a1} в {l1:accs}.",
    "{D} {p1:nomn} и {p2:nomn} встретились в {l1:loct}.",
    "По словам {p1:gent}, дела {o1:gent} {D} шли плохо.",
    "{D} в {l1:loct} открылось отделение {o1:gent}.",
    "{D} {p1:nomn} возглавил{a1} {o1:accs}.",
    "В письме к {p1:datv} {p2:nomn} писал{a2}: «В {l1:loct} всё спокойно, ждём известий».",
    "Архив {o1:gent} хранит переписку {p1:gent} с {p2:ablt}.",
    "{D} {p1:nomn} выступил{a1} в {l1:loct} с докладом о работе {o1:gent}.",
    "Сведения о {p1:loct} сохранились в отчётах {o1:gent}.",
    "Из {l1:gent} в {l2:accs} {D} переехал{a1} {p1:nomn}.",
    "{D} {o1:datv} поступило крупное пожертвование от {p1:gent}.",
    "Современники считали {p1:accs} одним из самых деятельных жителей {l1:gent}.",
    "{D} {p1:nomn} и {p2:nomn} подписали в {l1:loct} соглашение о поставках хлеба.",
    "Имя {p1:gent} упоминается в донесении губернатора из {l1:gent}.",
    "{D} {p1:nomn} был{a1} избран{a1} в правление {o1:gent}.",
    "Как писал{a1} {p1:nomn}, «в {l1:loct} нас встретили холодно».",
    "{D} {p1:nomn} получил{a1} письмо от {p2:gent} из {l1:gent}.",
    "Дом {p1:gent} в {l1:loct} сохранился до наших дней.",
)
SLOT = re.compile(r"\{(\w+)(?::(\w+))?\}")
YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20[0-2]\d)(?!\d)")
POOL_YEAR = 2010  # pool years are shifted by (document period - POOL_YEAR)
SURNAME_ENDINGS = {  # case -> (male ending added, female ending replacing the final "а")
    "nomn": ("", "а"), "gent": ("а", "ой"), "datv": ("у", "ой"), "accs": ("а", "у"),
    "ablt": ("ым", "ой"), "loct": ("е", "ой"),
}


class CorpusError(Exception):
    """A corpus or store that cannot be built or reused as asked."""


@dataclass(frozen=True)
class Person:
    """A generated person: first name and surname (male form), gender."""

    first: str
    surname: str
    female: bool


@lru_cache(maxsize=4096)
def inflect(word: str, case: str, tag: str = "") -> str:
    """``word`` in ``case`` (a pymorphy3 case), preferring a parse with ``tag``; else as is."""
    from letopis.morph import parse

    parses = [p for p in parse(word) if "sing" in p.tag and "nomn" in p.tag]
    preferred = [p for p in parses if tag and tag in p.tag] or parses
    if not preferred:
        return word
    form = preferred[0].inflect({case})
    if form is None:
        return word
    out = str(form.word)
    return out[:1].upper() + out[1:] if word[:1].isupper() else out


def surname(person: Person, case: str) -> str:
    """The person's surname in ``case`` (regular -ов/-ев/-ин declension)."""
    male, female = SURNAME_ENDINGS[case]
    return person.surname + (female if person.female else male)


Draw = Callable[[random.Random], Any]


def zipf(rng: random.Random, items: Sequence[Any], exponent: float = 1.0) -> Draw:
    """A draw from ``items`` shuffled by ``rng``, rank r with weight 1 / r**exponent."""
    order = list(items)
    rng.shuffle(order)
    cumulative = list(accumulate(1.0 / (r + 1) ** exponent for r in range(len(order))))

    def draw(source: random.Random) -> Any:
        return order[bisect(cumulative, source.random() * cumulative[-1])]

    return draw


def own_sentences() -> list[str]:
    """The sentences of the paragraphs in ``texts.py``."""
    from razdel import sentenize
    from texts import PARAGRAPHS

    return [s.text for p in PARAGRAPHS for s in sentenize(p)]


def nerel_sentences(data: str | None = None) -> list[str] | None:
    """Whole sentences of NEREL train + dev, or None without the data."""
    from razdel import sentenize

    from letopis.errors import DataError
    from letopis.eval.data import split_dir

    out: list[str] = []
    for split in ("train", "dev"):  # never test
        try:
            folder = split_dir("nerel", split, data)
        except DataError:
            return None
        for path in sorted(folder.glob("*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if len(line) >= 60:
                    out += [s.text for s in sentenize(line) if _whole(s.text)]
    return out or None


def _whole(sentence: str) -> bool:
    """A sentence of 30+ characters ending as a sentence does (headlines do not)."""
    return len(sentence) >= 30 and sentence[-1] in ".!?…»\""


def sentence_pool(data: str | None = None, source: str = "auto") -> tuple[str, list[str]]:
    """(pool name, sentences): NEREL train + dev when found (``auto``), else our own."""
    if source in ("auto", "nerel"):
        found = nerel_sentences(data)
        if found:
            return "NEREL v1.1 train + dev sentences", found
        if source == "nerel":
            raise CorpusError("NEREL train/dev not found (pass --data DIR)")
    return "benchmarks/texts.py sentences", own_sentences()


class Generator:
    """Documents from a seed and a sentence pool."""

    def __init__(self, seed: int, pool: list[str]) -> None:
        rng = random.Random(f"letopis-corpus:{seed}")
        people = [Person(f, s, False) for f in FIRST_MALE for s in SURNAMES]
        people += [Person(f, s, True) for f in FIRST_FEMALE for s in SURNAMES]
        orgs = [(h, n) for h in ORG_HEADS for n in ORG_NAMES]
        self.seed = seed
        self.pool = pool
        self.person = zipf(rng, people)
        self.place = zipf(rng, CITIES)
        self.org = zipf(rng, orgs)

    def document(self, index: int, attempt: int = 0) -> str:
        """Document ``index`` (``attempt`` > 0 gives another one, for a duplicate)."""
        rng = random.Random(f"letopis-corpus:{self.seed}:{index}:{attempt}")
        period = rng.randint(1700, 2000)
        cast = _Cast(self, rng, period)
        paragraphs = []
        for _ in range(rng.randint(2, 5)):
            sentences = [self._sentence(rng, cast) for _ in range(rng.randint(2, 4))]
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs) + "\n"

    def _sentence(self, rng: random.Random, cast: _Cast) -> str:
        if rng.random() < 0.5:
            text = rng.choice(self.pool)
            shift = cast.period - POOL_YEAR
            return YEAR.sub(lambda m: str(int(m.group()) + shift), text)
        return cast.fill(rng.choice(TEMPLATES))


def distinct(draw: Draw, rng: random.Random, k: int) -> list[Any]:
    """Up to ``k`` distinct draws (at most 20 * k tries: frequent items repeat)."""
    out: list[Any] = []
    for _ in range(20 * k):
        item = draw(rng)
        if item not in out:
            out.append(item)
            if len(out) == k:
                break
    return out


class _Cast:
    """The persons, places and organizations of one document, and how they were named."""

    def __init__(self, gen: Generator, rng: random.Random, period: int) -> None:
        self.rng = rng
        self.period = period
        self.people = distinct(gen.person, rng, rng.randint(2, 4))
        self.places = distinct(gen.place, rng, rng.randint(2, 3))
        self.orgs = [gen.org(rng) for _ in range(rng.randint(1, 2))]
        self.named: set[Person] = set()

    def fill(self, template: str) -> str:
        """The template with its slots filled from this cast (p1 and p2, l1 and l2 differ)."""
        people = self.rng.sample(self.people, min(2, len(self.people)))
        chosen = {"p1": people[0], "p2": people[-1]}
        two = self.rng.sample(self.places, min(2, len(self.places)))
        places = {"l1": two[0], "l2": two[-1]}
        org = self.rng.choice(self.orgs)

        def slot(match: re.Match[str]) -> str:
            name, case = match.group(1), match.group(2) or "nomn"
            if name == "D":
                return self.date()
            if name in ("a1", "a2"):
                return "а" if chosen["p" + name[1]].female else ""
            if name in chosen:
                return self.person_name(chosen[name], case)
            if name in places:
                return inflect(places[name], case, "Geox")
            head, title = org
            return f"{inflect(head, case)} «{title}»"

        text = SLOT.sub(slot, template)
        return text[:1].upper() + text[1:]

    def person_name(self, person: Person, case: str) -> str:
        """Full name at the first mention in the document, then the surname (or initial)."""
        if person not in self.named:
            self.named.add(person)
            return f"{inflect(person.first, case, 'Name')} {surname(person, case)}"
        if self.rng.random() < 0.2:
            return f"{person.first[0]}. {surname(person, case)}"
        return surname(person, case)

    def date(self) -> str:
        """A date phrase in the document's period (lower case)."""
        rng = self.rng
        year = self.period + rng.randint(-10, 10)
        kind = rng.randrange(5)
        if kind == 0:
            return f"в {year} году"
        if kind == 1:
            return f"{rng.randint(1, 28)} {rng.choice(MONTHS_GEN)} {year} года"
        if kind == 2:
            return f"в {rng.choice(MONTHS_LOC)} {year} года"
        if kind == 3:
            return f"{rng.choice(SEASONS)} {year} года"
        return f"в {year}–{year + rng.randint(1, 5)} годах"


def generate(n: int, seed: int, pool: list[str]) -> list[str]:
    """``n`` distinct documents, reproducible from ``seed`` and ``pool``."""
    gen = Generator(seed, pool)
    seen: set[str] = set()
    texts = []
    for index in range(n):
        for attempt in range(100):
            text = gen.document(index, attempt)
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if key not in seen:
                break
        else:
            raise CorpusError(f"document {index}: no distinct text in 100 attempts")
        seen.add(key)
        texts.append(text)
    return texts


def digest(texts: list[str]) -> str:
    """sha256 over the texts in order (identifies a corpus)."""
    h = hashlib.sha256()
    for text in texts:
        h.update(hashlib.sha256(text.encode("utf-8")).digest())
    return h.hexdigest()


def write_corpus(texts: list[str], out: Path, manifest: dict[str, Any]) -> list[Path]:
    """Write ``doc-NNNNN.txt`` files and the manifest (old ``doc-*.txt`` files go)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("doc-*.txt"):
        old.unlink()
    paths = []
    for i, text in enumerate(texts, 1):
        path = out / f"doc-{i:05d}.txt"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        paths.append(path)
    write_json(manifest, str(out / MANIFEST))
    return paths


def sidecar(db: Path) -> Path:
    """Where the corpus identity and ingest timing of a store are kept."""
    return db.with_name(db.name + ".corpus.json")


def store_counts(db: Path) -> dict[str, int]:
    """Documents, entities and mentions in the store."""
    from letopis.store.core import Store

    with Store.open(db, readonly=True) as store:
        return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "entities", "mentions")}


def reusable(db: Path, identity: dict[str, Any], fresh: bool) -> dict[str, Any] | None:
    """The recorded ingest of a complete store built from this corpus, or None.

    A store that is not reusable is removed when it was built by this script (or with
    ``fresh``); any other existing file is refused.
    """
    if not db.exists():
        return None
    note = sidecar(db)
    recorded = json.loads(note.read_text(encoding="utf-8")) if note.is_file() else None
    same = recorded is not None and not fresh and recorded.get("corpus") == identity
    if same and store_counts(db)["documents"] == identity["n"]:
        return dict(recorded["ingest"])  # type: ignore[index]
    if recorded is None and not fresh:
        raise CorpusError(f"{db} exists and was not built by make_corpus.py; "
                          "pass --fresh to replace it")
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), note):
        path.unlink(missing_ok=True)
    return None


def ingest_corpus(paths: list[Path], db: Path, workers: int) -> dict[str, Any]:
    """Ingest ``paths`` into ``db`` as ``letopis ingest`` does; timing and counts."""
    from letopis.store.core import Store
    from letopis.store.executor import make_executor
    from letopis.store.ingest import ingest

    done = [0]
    started = time.perf_counter()

    def report(outcome: str, source: str, message: str | None) -> None:
        done[0] += 1
        if message:
            log(f"  {message}")
        if done[0] % 500 == 0:
            log(f"  {done[0]}/{len(paths)} in {time.perf_counter() - started:.0f} s")

    with Store.open(db) as store, make_executor(workers) as executor:
        summary = ingest(store, paths, executor, report)
    seconds = time.perf_counter() - started
    return {"workers": workers, "seconds": round(seconds, 2),
            "docs_per_s": round(summary.added / seconds, 2), "added": summary.added,
            "skipped": summary.skipped, "failed": len(summary.failures),
            **store_counts(db), "db_mib": round(db.stat().st_size / 2**20, 1)}


def markdown(data: dict[str, Any]) -> str:
    """The corpus and its full ingest, as a paragraph for BENCHMARKS.md."""
    c = data["corpus"]
    text = (f"Corpus: {c['n']} documents, {c['chars']} characters, generated by "
            f"`benchmarks/make_corpus.py` (seed {c['seed']}; pool: {c['pool']}).")
    i = data.get("ingest")
    if i:
        when = (" (store reused from an earlier run with the same seed and size: its "
                "timing)" if i.get("reused") else "")
        text += (f" Ingested in-process with {i['workers']} worker(s) in {i['seconds']:.0f} s, "
                 f"{i['docs_per_s']:.1f} documents/s{when}; the store holds "
                 f"{i['documents']} documents, {i['entities']} entities, {i['mentions']} "
                 f"mentions ({i['db_mib']:.0f} MiB).")
    return text + "\n"


def build(args: argparse.Namespace) -> dict[str, Any]:
    """Generate (and optionally ingest) the corpus; the JSON record of the run."""
    started = time.perf_counter()
    pool_name, pool = sentence_pool(args.data, args.pool)
    texts = generate(args.n, args.seed, pool)
    identity = {"generator": GENERATOR, "seed": args.seed, "n": args.n, "pool": pool_name,
                "digest": digest(texts)}
    paths = write_corpus(texts, Path(args.out), identity)
    corpus = {**identity, "chars": sum(len(t) for t in texts),
              "generate_s": round(time.perf_counter() - started, 2)}
    log(f"wrote {len(paths)} documents ({corpus['chars']} characters) to {args.out}")
    result: dict[str, Any] = {"machine": machine(), "corpus": corpus}
    if args.db:
        db = Path(args.db)
        ingest = reusable(db, identity, args.fresh)
        if ingest is None:
            log(f"ingesting into {db} with {args.workers} worker(s)")
            ingest = ingest_corpus(paths, db, args.workers)
            write_json({"corpus": identity, "ingest": ingest}, str(sidecar(db)))
            ingest["reused"] = False
        else:
            log(f"reusing {db}: built from the same corpus")
            ingest["reused"] = True
        log(f"ingest: {ingest['added']} documents in {ingest['seconds']} s "
            f"({ingest['docs_per_s']} docs/s, {ingest['workers']} worker(s))")
        result["ingest"] = ingest
    return result


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="folder for the .txt files")
    parser.add_argument("--db", help="also ingest into this store")
    parser.add_argument("--workers", type=int, default=2, help="analysis processes")
    parser.add_argument("--fresh", action="store_true", help="rebuild the store even if reusable")
    parser.add_argument("--pool", choices=("auto", "nerel", "own"), default="auto",
                        help="sentence pool: NEREL train+dev if found (auto), or texts.py")
    parser.add_argument("--data", help="data root holding nerel/ (default: as letopis eval)")
    parser.add_argument("--json", help="write the record here")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    try:
        result = build(args)
    except CorpusError as error:
        sys.exit(f"make_corpus: error: {error}")
    write_json(result, args.json)


if __name__ == "__main__":
    pin_threads()
    main()
