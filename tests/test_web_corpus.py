"""A small real corpus store for the web tests (own Russian texts, planted XSS payloads).

``build_store(path)`` analyzes the texts with the full pipeline and stores them; one
document also gets a PERSON entity whose surface and name hold an XSS payload, so the
payload reaches entity names, mentions, contexts and the document text.
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import letopis
from letopis.doc import Document, Entity, check_spans, next_id
from letopis.store.core import Store

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
EMOJI = "😀🏛️"

TEXTS = [
    f"{EMOJI} Иван Петров приехал в Москву 12 марта 1957 года. Иван Петров заявил: "
    "«Работа будет закончена к осени». По словам Петрова, Министерство финансов "
    "поддержало план строительства.",
    "В 1960 году Иван Петров и Анна Смирнова посетили Ленинград. Анна Смирнова сказала, "
    "что Министерство финансов выделит деньги. Газета «Правда» сообщила о поездке.",
    f"Журналист Кузьмин{SCRIPT} написал о встрече. Позже{IMG} Анна Смирнова уехала в "
    "Киев в 1962 году. Кузьмин утверждал, что Иван Петров знал об этом.",
]


def plant(doc: Document, payload: str) -> None:
    """Make the word before ``payload`` plus the payload one PERSON entity."""
    start = doc.text.index(payload)
    begin = doc.text.rindex(" ", 0, start) + 1
    mention = doc.add_mention(begin, start + len(payload), "PERSON")
    entity = Entity(next_id("e", doc.entities), "PERSON", mention.text, [mention.text],
                    [mention.id])
    mention.entity = entity.id
    doc.entities.append(entity)


def analyzed() -> list[Document]:
    """The analyzed texts, the last one with planted payload entities."""
    docs = [letopis.analyze(text, source=f"doc{i}.txt") for i, text in enumerate(TEXTS, 1)]
    plant(docs[-1], SCRIPT)
    plant(docs[-1], IMG)
    for doc in docs:
        check_spans(doc)
    return docs


def build_store(path: Path) -> list[Document]:
    """Fill a new store at ``path`` with the analyzed texts; return them."""
    return store_documents(path, analyzed())


def store_documents(path: Path, docs: list[Document]) -> list[Document]:
    """Fill a new store at ``path`` with ``docs``; return them."""
    with Store.open(path) as store:
        for doc in docs:
            assert store.add(doc)
    return docs


def free_port() -> int:
    """A TCP port free on the loopback address right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(path: Path, **options: Any) -> Iterator[str]:
    """Run the web app over the store at ``path`` with uvicorn in a thread; its base URL.

    ``options`` go to ``uvicorn.Config``."""
    import uvicorn

    from letopis.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning",
                            **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_corpus_is_stored(tmp_path: Path) -> None:
    docs = build_store(tmp_path / "c.db")
    conn = sqlite3.connect(tmp_path / "c.db")
    names = [r[0] for r in conn.execute("SELECT name FROM entities")]
    conn.close()
    assert len(docs) == 3
    assert any(SCRIPT in n for n in names) and any(IMG in n for n in names)
