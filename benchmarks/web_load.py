"""Load on the web app with hostile requests beside it: errors and 5xx must stay at 0.

The app runs as ``letopis serve`` (uvicorn, one process) in a child process on
127.0.0.1 at a free port, as in ``web_latency.py``. For ``--seconds`` (30), ``--connections``
(64) clients send the normal mix back to back over keep-alive connections (httpx): the
entity pages and search URLs of ``web_latency.plan``, each client starting at another
place in the list. That runs twice: alone (the baseline), then with ``--hostile`` (4)
clients beside it that send hostile requests in a loop, each on a fresh connection
written by hand (so that no client-side limit trims them):

- a 100 KB query (``x x x ...``) and 100 KB of Cyrillic one-letter words;
- 8,000 one-letter words (the probe's 20-second query), 33 words, 1,001 characters;
- 2^63 in every integer parameter of every route (``limit``, ``offset``, ``qoffset``,
  ``coffset``, ``from``, ``to``);
- 1,200 and 65 ``entity=`` parameters;
- a trailing-slash path with a foreign ``Host`` header (must be redirected relatively).

A normal request is an error unless it answers 200; a hostile one unless it answers the
4xx it deserves (400, 414 or 422; the redirect: 307 with a Location that starts with a
single ``/``). Transport errors and timeouts are errors too. 5xx are counted apart.

    python benchmarks/web_load.py --db corpus.db [--seconds 30] [--connections 64]
                                  [--hostile 4] [--json OUT]
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import log, machine, pin_threads, write_json  # noqa: E402
from web_latency import (  # noqa: E402
    HOST,
    BenchError,
    Server,
    corpus_info,
    percentiles,
    plan,
    store_parser,
    store_path,
)

HUGE = str(2**63)
REFUSED = (400, 414, 422)
TIMEOUT_S = 60.0


@dataclass
class Tally:
    """Counts of one kind of traffic."""

    requests: int = 0
    errors: int = 0
    server_errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    ms: list[float] = field(default_factory=list)
    kinds: dict[str, Counter[str]] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def count(self, kind: str, status: str, ok: bool, ms: float) -> None:
        """Record one answer (``status`` is the code, or the transport error's name)."""
        self.requests += 1
        self.statuses[status] += 1
        self.kinds.setdefault(kind, Counter())[status] += 1
        self.ms.append(ms)
        if status.isdigit() and int(status) >= 500:
            self.server_errors += 1
        if not ok:
            self.errors += 1
            if len(self.examples) < 5:
                self.examples.append(f"{kind}: {status}")

    def record(self, seconds: float) -> dict[str, Any]:
        """The JSON record of this tally."""
        return {"requests": self.requests, "errors": self.errors,
                "server_errors": self.server_errors,
                "per_s": round(self.requests / seconds, 1),
                "statuses": dict(sorted(self.statuses.items())), **percentiles(self.ms),
                "kinds": {k: dict(sorted(v.items())) for k, v in self.kinds.items()},
                "examples": self.examples}


def hostile_requests(entity: str) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, request target, extra headers) of every hostile request."""
    one_letter = "а " * 8000
    targets = [
        ("100 KB query", "/api/search?q=" + quote("x " * 50_000)),
        ("100 KB Cyrillic query", "/search?q=" + quote("а " * 50_000)),
        ("8,000 one-letter words", "/api/search?q=" + quote(one_letter)),
        ("33 words", "/api/search?" + urlencode({"q": " ".join(["слово"] * 33)})),
        ("1,001 characters", "/search?" + urlencode({"q": "x" * 1001})),
        ("1,200 entity parameters",
         "/api/search?" + "&".join(f"entity=E{i:016x}" for i in range(1200))),
        ("65 entity parameters", "/api/search?" + "&".join([f"entity={entity}"] * 65)),
    ]
    routes = {
        "/api/documents": ("offset",), "/api/entities": ("offset",),
        f"/api/entities/{entity}": ("offset",), "/api/search": ("offset", "from", "to"),
        "/api/quotes": ("offset",), "/api/claims": ("offset",), "/": ("offset",),
        "/entities": ("offset",), f"/entities/{entity}": ("offset",),
        "/quotes": ("qoffset", "coffset"), "/search": ("offset", "from", "to"),
    }
    targets += [("2^63 integers", f"{path}?{name}={HUGE}")
                for path, names in routes.items() for name in names]
    found = [(kind, target, {}) for kind, target in targets]
    found.append(("Host header redirect", "/search/?q=x", {"Host": "evil.example"}))
    return found


async def raw_get(port: int, target: str, headers: dict[str, str]) -> tuple[str, str]:
    """One GET on a fresh connection: (status code, Location header or '')."""
    reader, writer = await asyncio.open_connection(HOST, port, limit=1 << 20)
    try:
        head = {"Host": f"{HOST}:{port}", "Connection": "close", **headers}
        lines = [f"GET {target} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items()), "", ""]
        writer.write("\r\n".join(lines).encode("ascii"))
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    status_line, _, rest = answer.partition(b"\r\n")
    parts = status_line.split()
    if len(parts) < 2 or not parts[1].isdigit():
        return "no answer", ""
    location = ""
    for line in rest.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"location":
            location = value.strip().decode("latin-1")
    return parts[1].decode(), location


def hostile_ok(kind: str, status: str, location: str) -> bool:
    """Whether a hostile request got the answer it deserves."""
    if kind == "Host header redirect":
        return status == "307" and location.startswith("/") and not location.startswith("//")
    return status.isdigit() and int(status) in REFUSED


async def hostile_client(port: int, requests: list[tuple[str, str, dict[str, str]]],
                         start: int, deadline: float, tally: Tally) -> None:
    """Send the hostile requests in turn until the deadline."""
    i = start
    while time.monotonic() < deadline:
        kind, target, headers = requests[i % len(requests)]
        i += 1
        began = time.perf_counter()
        try:
            status, location = await asyncio.wait_for(raw_get(port, target, headers), TIMEOUT_S)
        except (OSError, TimeoutError) as error:
            status, location = type(error).__name__, ""
        tally.count(kind, status, hostile_ok(kind, status, location),
                    (time.perf_counter() - began) * 1000)


async def normal_client(client: Any, urls: list[tuple[str, str]], start: int,
                        deadline: float, tally: Tally) -> None:
    """Request the normal URLs in turn until the deadline; anything but 200 is an error."""
    import httpx

    i = start
    while time.monotonic() < deadline:
        kind, url = urls[i % len(urls)]
        i += 1
        began = time.perf_counter()
        try:
            answer = await client.get(url)
            status = str(answer.status_code)
        except httpx.HTTPError as error:
            status = type(error).__name__
        tally.count(kind, status, status == "200", (time.perf_counter() - began) * 1000)


async def load(url: str, port: int, urls: list[tuple[str, str]],
               hostile: list[tuple[str, str, dict[str, str]]], seconds: float,
               connections: int, attackers: int) -> tuple[Tally, Tally]:
    """Run the normal and the hostile clients together for ``seconds``."""
    import httpx

    normal, bad = Tally(), Tally()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=TIMEOUT_S) as client:
        deadline = time.monotonic() + seconds
        step = max(1, len(urls) // max(1, connections))
        tasks = [normal_client(client, urls, i * step, deadline, normal)
                 for i in range(connections)]
        tasks += [hostile_client(port, hostile, i * 7, deadline, bad) for i in range(attackers)]
        await asyncio.gather(*tasks)
    return normal, bad


def run(db: Path, seconds: float, connections: int, attackers: int,
        sample_docs: int) -> dict[str, Any]:
    """Plan, serve, load: the JSON record."""
    groups, samples = plan(db, sample_docs)
    urls = [(f"{name}: {kind}", u) for name, items in groups.items() for kind, u in items]
    entity = samples["entities"]["frequent"][0]
    hostile = hostile_requests(entity)
    result: dict[str, Any] = {"machine": machine(), "store": corpus_info(db),
                              "seconds": seconds, "connections": connections,
                              "hostile_connections": attackers,
                              "hostile_kinds": sorted({k for k, _, _ in hostile})}
    with Server(db) as server:
        log(f"{connections} connections alone for {seconds:.0f} s")
        alone, _ = asyncio.run(load(server.url, server.port, urls, hostile, seconds,
                                    connections, 0))
        log(f"{connections} connections + {attackers} hostile for {seconds:.0f} s")
        normal, bad = asyncio.run(load(server.url, server.port, urls, hostile, seconds,
                                       connections, attackers))
        alive = server.proc is not None and server.proc.poll() is None
    result["server_alive"] = alive
    result["alone"] = alone.record(seconds)
    result["normal"] = normal.record(seconds)
    result["hostile"] = bad.record(seconds)
    for name, tally in (("alone", alone), ("normal", normal), ("hostile", bad)):
        log(f"  {name}: {tally.requests} requests, {tally.errors} errors, "
            f"{tally.server_errors} 5xx")
    return result


def markdown(data: dict[str, Any]) -> str:
    """The load table: requests, errors and 5xx of normal and hostile traffic."""
    store = data["store"]
    lines = [f"`letopis serve` (its default workers and answer cache) on 127.0.0.1 over a store of "
             f"{store['documents']} documents: {data['connections']} connections sending "
             f"the entity and search URLs of the latency benchmark back to back for "
             f"{data['seconds']:.0f} s, first alone, then while {data['hostile_connections']} "
             "more send hostile requests (" + "; ".join(data["hostile_kinds"]) + "). An "
             "error: a normal answer "
             "other than 200, a hostile answer other than its 4xx (or a relative 307), a "
             "transport error or a timeout.", "",
             "| traffic | requests | per s | errors | 5xx | p50 ms | p95 ms | max ms |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    rows = (("normal, alone (first run)", "alone"), ("normal, beside the hostile", "normal"),
            ("hostile", "hostile"))
    for title, name in rows:
        if name not in data:
            continue
        t = data[name]
        lines.append(f"| {title} | {t['requests']} | {t['per_s']:.1f} | {t['errors']} | "
                     f"{t['server_errors']} | {t['p50_ms']:.1f} | {t['p95_ms']:.1f} | "
                     f"{t['max_ms']:.1f} |")
    statuses = ", ".join(f"{k} × {v}" for k, v in data["hostile"]["statuses"].items())
    lines += ["", f"Hostile answers: {statuses}. Server alive at the end: "
              f"{'yes' if data['server_alive'] else '**no**'}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = store_parser(__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each load run")
    parser.add_argument("--connections", type=int, default=64, help="normal clients")
    parser.add_argument("--hostile", type=int, default=4, help="hostile clients beside them")
    args = parser.parse_args(argv)
    db = store_path(args.db, "web_load")
    if args.seconds <= 0 or args.connections < 1 or args.hostile < 0:
        parser.error("--seconds and --connections must be positive, --hostile not negative")
    try:
        result = run(db, args.seconds, args.connections, args.hostile, args.sample_docs)
    except BenchError as error:
        sys.exit(f"web_load: error: {error}")
    write_json(result, args.json)


if __name__ == "__main__":
    pin_threads()
    main()
