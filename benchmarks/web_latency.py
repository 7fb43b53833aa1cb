"""Latency of the web app over a corpus store: entity pages and search, end to end.

The app runs as ``letopis serve`` (uvicorn) in a child process on 127.0.0.1 at a free
port; this process sends HTTP requests over loopback with httpx, one at a time, and
times each from send to the last byte of the answer. Nothing but loopback is used.

- Entity pages (``/entities/{id}``): the most frequent entities (the worst case: most
  mentions, co-mentions and dates), entities at the 1 % rank and entities seen in one
  document, cycled; the same entities through ``/api/entities/{id}`` (no drawing).
- Search (``/search?q=`` and ``/api/search?q=``): a frequent noun, a rare word, a
  two-word phrase, an AND of two frequent nouns, and a frequent noun with a year range,
  all chosen from the store's own texts (first ``--sample-docs`` documents), cycled.

The server runs with its default workers (one per core) and response cache. Each URL is
first requested once and timed alone ("first visit": nothing cached for it yet), then
``--warmup`` more times (not timed); then ``--requests`` timed requests per endpoint, one
at a time (concurrency 1), and ``--requests`` more from ``--concurrency`` clients at once
(threads, each with its own connection, cycling the URLs). Any answer but 200 is an error.
p50/p95/p99/max in ms.

    python benchmarks/web_latency.py --db corpus.db [--requests 200] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, pin_threads, write_json  # noqa: E402

HOST = "127.0.0.1"
TARGET_MS = 200.0
PER_GROUP = 5  # entities per frequency group
CLIENTS = 8  # concurrent clients of the second measurement
READY_S = 120.0  # how long the server may take to answer its first request


class BenchError(Exception):
    """The server or a request did not behave."""


def entity_sample(db: Path, per_group: int = PER_GROUP) -> dict[str, list[str]]:
    """Entity ids by group: frequent (top), middle (1 % rank), rare (last, one document)."""
    from letopis.store.core import Store

    with Store.open(db, readonly=True) as store:
        total, _ = store.entities(limit=1)
        if total == 0:
            raise BenchError(f"{db.name}: the store has no entities")
        offsets = {"frequent": 0, "middle": total // 100,
                   "rare": max(0, total - per_group)}
        return {group: [e.id for e in store.entities(limit=per_group, offset=offset)[1]]
                for group, offset in offsets.items()}


def _pos(lemma: str) -> str:
    from letopis.morph import parse

    parses = parse(lemma)
    return str(parses[0].tag.POS) if parses else ""


def _document_words(texts: list[str]) -> tuple[Counter[str], Counter[tuple[str, str]],
                                              dict[str, Counter[str]]]:
    """Document frequency of lemmas and of adjacent lemma pairs; surface forms per lemma."""
    from letopis.store.lemmas import iter_words, lemma_of

    df: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        words = [w for _, _, w in iter_words(text) if w.isalpha()]
        lemmas = [lemma_of(w) for w in words]
        for word, lemma in zip(words, lemmas, strict=True):
            forms.setdefault(lemma, Counter())[word] += 1
        df.update(set(lemmas))
        pairs.update({(a, b) for a, b in zip(lemmas, lemmas[1:], strict=False)
                      if len(a) > 3 and len(b) > 3})
    return df, pairs, forms


def query_sample(db: Path, sample_docs: int) -> dict[str, dict[str, str]]:
    """Search parameters by kind, chosen from the first ``sample_docs`` documents."""
    from letopis.store.core import Store

    with Store.open(db, readonly=True) as store:
        texts = [r[0] for r in store.conn.execute(
            "SELECT text FROM documents ORDER BY num LIMIT ?", (sample_docs,))]
        years = [r[0] for r in store.conn.execute(
            "SELECT date_lo FROM documents WHERE date_lo IS NOT NULL ORDER BY date_lo")]
    if not texts:
        raise BenchError(f"{db.name}: the store has no documents")
    df, pairs, forms = _document_words(texts)

    def form(lemma: str) -> str:
        return forms[lemma].most_common(1)[0][0]

    nouns = [lemma for lemma, _ in df.most_common() if len(lemma) > 2 and _pos(lemma) == "NOUN"]
    rare = sorted(lemma for lemma, n in df.items() if n == 1 and len(lemma) >= 7
                  and _pos(lemma) in ("NOUN", "ADJF", "VERB"))
    if len(nouns) < 2 or not rare or not pairs:
        raise BenchError(f"{db.name}: too few words to choose queries from")
    first, second = nouns[0], nouns[1]
    (a, b), _ = pairs.most_common(1)[0]
    middle = years[len(years) // 2] if years else 1900
    return {
        "frequent word": {"q": form(first)},
        "rare word": {"q": form(rare[len(rare) // 2])},
        "phrase": {"q": f'"{form(a)} {form(b)}"'},
        "AND": {"q": f"{form(first)} AND {form(second)}"},
        "date filter": {"q": form(first), "from": str(middle - 10), "to": str(middle + 10)},
    }


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """``letopis serve`` in a child process on 127.0.0.1 (a context manager)."""

    def __init__(self, db: Path, *args: str) -> None:
        self.db = db
        self.args = list(args)
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "letopis.cli.serve", "--db", str(self.db), "--host", HOST,
             "--port", str(self.port), *self.args],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise BenchError(f"server exited ({self.proc.returncode}): {self.tail()}")
            try:
                if httpx.get(f"{self.url}/api/documents?limit=1", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise BenchError(f"server not ready after {READY_S:.0f} s: {self.tail()}")

    def tail(self) -> str:
        """The end of the server's log."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", errors="replace")[-1500:]

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 (inclusive interpolation), max and mean, in ms, rounded."""
    if len(ms) < 2:
        value = ms[0] if ms else float("nan")
        return {k: round(value, 1) for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms")}
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(max(ms), 1), "mean_ms": round(statistics.fmean(ms), 1)}


def measure(client: Any, urls: list[tuple[str, str]], requests: int,
            warmup: int) -> dict[str, Any]:
    """Warm up every URL, then ``requests`` timed sequential GETs cycling ``urls``."""
    for _ in range(warmup):
        for _, url in urls:
            _get(client, url)
    times: dict[str, list[float]] = {group: [] for group, _ in urls}
    sizes: list[int] = []
    for i in range(requests):
        group, url = urls[i % len(urls)]
        started = time.perf_counter()
        size = _get(client, url)
        times[group].append((time.perf_counter() - started) * 1000)
        sizes.append(size)
    every = [t for values in times.values() for t in values]
    return {"requests": requests, **percentiles(every),
            "mean_kib": round(statistics.fmean(sizes) / 1024, 1),
            "groups": {g: {"requests": len(v), **percentiles(v)} for g, v in times.items()}}


def first_visits(client: Any, urls: list[tuple[str, str]]) -> dict[str, Any]:
    """Each URL once, timed: what a reader meets before anything is cached for it."""
    times = []
    for _, url in urls:
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return {"requests": len(times), **percentiles(times)}


def concurrent(base_url: str, urls: list[tuple[str, str]], requests: int,
               clients: int) -> dict[str, Any]:
    """``requests`` timed GETs cycling ``urls`` from ``clients`` threads at once."""
    import threading

    import httpx

    times: list[float] = []
    errors: list[str] = []
    counter = iter(range(requests))
    lock = threading.Lock()

    def work() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                started = time.perf_counter()
                try:
                    _get(client, urls[i % len(urls)][1])
                except (BenchError, httpx.HTTPError) as error:
                    errors.append(str(error))
                with lock:
                    times.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise BenchError(f"{len(errors)} failed requests, first: {errors[0]}")
    return {"requests": requests, "clients": clients, **percentiles(times),
            "per_s": round(requests / wall, 1)}


def _get(client: Any, url: str) -> int:
    answer = client.get(url)
    if answer.status_code != 200:
        raise BenchError(f"GET {url}: {answer.status_code} {answer.text[:200]!r}")
    return len(answer.content)


def plan(db: Path, sample_docs: int) -> tuple[dict[str, list[tuple[str, str]]], dict[str, Any]]:
    """(endpoint -> [(group, url)], the chosen samples)."""
    entities = entity_sample(db)
    queries = query_sample(db, sample_docs)
    pages = [(group, f"/entities/{eid}") for group, ids in entities.items() for eid in ids]
    pages = _interleave(pages)
    searches = [(kind, "?" + urlencode(params)) for kind, params in queries.items()]
    api = [(group, "/api" + url) for group, url in pages]
    return ({"entity page": pages, "entity API": api,
             "search page": [(k, "/search" + q) for k, q in searches],
             "search API": [(k, "/api/search" + q) for k, q in searches]},
            {"entities": entities, "queries": queries})


def _interleave(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Groups taken in turn (frequent, middle, rare, frequent, ...)."""
    by_group: dict[str, list[tuple[str, str]]] = {}
    for item in items:
        by_group.setdefault(item[0], []).append(item)
    rows = list(by_group.values())
    return [row[i] for i in range(max(map(len, rows))) for row in rows if i < len(row)]


def corpus_info(db: Path) -> dict[str, Any]:
    """Counts of the store and, if make_corpus.py built it, its seed and size."""
    from make_corpus import sidecar, store_counts

    info: dict[str, Any] = {"db": db.name, **store_counts(db)}
    note = sidecar(db)
    if note.is_file():
        info["corpus"] = json.loads(note.read_text(encoding="utf-8"))["corpus"]
    return info


def run(db: Path, requests: int, warmup: int, sample_docs: int,
        clients: int = CLIENTS) -> dict[str, Any]:
    """Plan, serve, measure: the JSON record."""
    import httpx

    from letopis.cli.serve import default_workers

    urls, samples = plan(db, sample_docs)
    result: dict[str, Any] = {"machine": machine(), "store": corpus_info(db),
                              "target_ms": TARGET_MS, "warmup": warmup, "samples": samples,
                              "workers": default_workers(), "clients": clients}
    with Server(db) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        result["endpoints"] = {}
        for name, endpoint_urls in urls.items():
            log(f"{name}: {len(endpoint_urls)} URLs, {requests} requests at 1 and {clients}")
            first = first_visits(client, endpoint_urls)
            stats = measure(client, endpoint_urls, requests, warmup)
            stats["first"] = first
            stats["concurrent"] = concurrent(server.url, endpoint_urls, requests, clients)
            c = stats["concurrent"]
            log(f"  first visits p50 {first['p50_ms']} ms, max {first['max_ms']} ms; "
                f"1 client p95 {stats['p95_ms']} ms; {clients} clients p95 {c['p95_ms']} ms")
            result["endpoints"][name] = stats
        hits = {kind: client.get("/api/search" + q).json()["total"]
                for kind, q in ((k, u.removeprefix("/search")) for k, u in urls["search page"])}
        result["samples"]["query_hits"] = hits
    return result


def markdown(data: dict[str, Any]) -> str:
    """The latency table, per-group p95 and the queries."""
    store, target = data["store"], data["target_ms"]
    size = store["documents"]
    clients = data.get("clients", CLIENTS)
    lines = [f"`letopis serve` ({data.get('workers', 1)} worker processes, response cache on) "
             f"on 127.0.0.1 over a store of {size} documents "
             f"({store['entities']} entities, {store['mentions']} mentions); httpx over "
             "loopback; milliseconds from request to the last byte. Each URL's first visit is "
             f"timed alone (nothing cached for it), then {data['warmup']} warm-up passes, then "
             f"the timed requests one at a time and from {clients} clients at once."]
    if size < 10_000:
        lines[0] += " **Smaller than the 10,000 documents of the target.**"
    lines += ["", f"| endpoint | requests | p50 | p95 | p99 | max | {clients} clients: p50 "
              "| p95 | max | requests/s | first visits: p50 | max | p95 target | met |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name, e in data["endpoints"].items():
        c = e.get("concurrent")
        f = e.get("first")
        met = "yes" if e["p95_ms"] < target and (c is None or c["p95_ms"] < target) else "**no**"
        cells = (f"{c['p50_ms']:.1f} | {c['p95_ms']:.1f} | {c['max_ms']:.1f} | {c['per_s']:.1f}"
                 if c else "— | — | — | —")
        first = f"{f['p50_ms']:.1f} | {f['max_ms']:.1f}" if f else "— | —"
        lines.append(f"| {name} | {e['requests']} | {e['p50_ms']:.1f} | {e['p95_ms']:.1f} "
                     f"| {e['p99_ms']:.1f} | {e['max_ms']:.1f} | {cells} | {first} "
                     f"| < {target:.0f} | {met} |")
    lines += ["", "p95 per group, one client (ms):", ""]
    for name, e in data["endpoints"].items():
        groups = ", ".join(f"{g} {v['p95_ms']:.1f}" for g, v in e["groups"].items())
        lines.append(f"- {name}: {groups}")
    hits = data["samples"].get("query_hits", {})
    queries = "; ".join(
        f"{kind} `{' '.join(f'{k}={v}' for k, v in params.items())}` "
        f"({hits.get(kind, '?')} hits)"
        for kind, params in data["samples"]["queries"].items())
    lines += ["", f"Entities: the {PER_GROUP} most frequent, {PER_GROUP} at the 1 % rank, "
              f"{PER_GROUP} of the rarest. Queries: {queries}."]
    return "\n".join(lines) + "\n"


def store_parser(doc: str) -> argparse.ArgumentParser:
    """A parser with the options the web benchmarks share: --db, --sample-docs, --json."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store (built by make_corpus.py)")
    parser.add_argument("--sample-docs", type=int, default=300,
                        help="documents read to choose the queries")
    parser.add_argument("--json", help="write the record here")
    return parser


def store_path(value: str, prog: str) -> Path:
    """The ``--db`` path; exits with one line if there is no such file."""
    db = Path(value)
    if not db.is_file():
        sys.exit(f"{prog}: error: {db}: no such store")
    return db


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = store_parser(__doc__)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="untimed passes over the URLs")
    args = parser.parse_args(argv)
    db = store_path(args.db, "web_latency")
    if args.requests < 2:
        parser.error("--requests must be at least 2")
    try:
        result = run(db, args.requests, args.warmup, args.sample_docs)
    except BenchError as error:
        sys.exit(f"web_latency: error: {error}")
    write_json(result, args.json)


if __name__ == "__main__":
    pin_threads()
    main()
