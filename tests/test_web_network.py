"""The entity network (issue 18, item 4): neighbours ranked by association within the
entity's documents, not by corpus frequency; typed relation edges; labels that do not
overlap; a cap with "show more". Over a real SQLite store of hand-built documents."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from letopis.doc import Document, Entity, check_spans, next_id  # noqa: E402
from letopis.web.app import create_app  # noqa: E402
from letopis.web.network import g2, label_box, layout, neighbours  # noqa: E402
from test_web_corpus import store_documents  # noqa: E402

FILLER = " Прошло много времени, и ничего особенного не случилось." * 12


def _doc(parts: list[tuple[str, str | None]], source: str) -> Document:
    """A document of ``parts`` (text, PERSON/CITY label or None); each labelled part one
    entity (one per name)."""
    text = "".join(t for t, _ in parts)
    doc = Document(text, source)
    at, by_name = 0, {}
    for piece, label in parts:
        if label:
            m = doc.add_mention(at, at + len(piece), label)
            if piece not in by_name:
                ent = Entity(next_id("e", doc.entities), label, piece, [piece], [])
                doc.entities.append(ent)
                by_name[piece] = ent
            by_name[piece].mentions.append(m.id)
            m.entity = by_name[piece].id
        at += len(piece)
    check_spans(doc)
    return doc


def _corpus() -> list[Document]:
    docs = []
    for i in range(4):  # Хрущёв stands beside Сталин; США is everywhere but far away
        beria = [(" и с ", None), ("Берия", "PERSON")] if i < 2 else []
        docs.append(_doc([("Хрущёв", "PERSON"), (" говорил со ", None), ("Сталиным", "PERSON"),
                          *beria, (f". Год {1950 + i}.", None), (FILLER, None),
                          ("США", "COUNTRY"), (" ", None), ("США", "COUNTRY"), (". ", None),
                          ("США", "COUNTRY")],
                         f"d{i}.txt"))
    docs.append(_doc([("США", "COUNTRY"), (" и ", None), ("Москва", "CITY")], "other.txt"))
    return docs


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("network") / "corpus.db"
    store_documents(path, _corpus())
    return TestClient(create_app(path), cookies={"lang": "en"})


def _id(client: TestClient, name: str) -> str:
    items = client.get("/api/entities", params={"name": name}).json()["items"]
    return str(items[0]["id"])


def test_association_beats_frequency(client: TestClient) -> None:
    from letopis.store.core import Store

    khrushchev = _id(client, "Хрущёв")
    db = client.app.state.db_path  # type: ignore[attr-defined]
    with Store.open(db, readonly=True) as store:
        found = neighbours(store.conn, khrushchev)
        by_corpus = store.cooccurring(khrushchev, 5)
    names = [n.entity.name for n in found]
    assert names[0].startswith("Сталин") and "Берия" in names  # beside him, 4 and 2 times
    usa = next(n for n in found if n.entity.name == "США") if "США" in names else None
    assert usa is None or usa.score < found[0].score
    assert by_corpus[0].entity.name == "США"  # what the old ranking put first


def test_g2_is_zero_without_association() -> None:
    assert g2(10, 10, 10, 10) == pytest.approx(0.0)
    assert g2(10, 0, 0, 10) > g2(6, 4, 4, 6) > 0


def test_page_filters_by_type_and_caps(client: TestClient) -> None:
    khrushchev = _id(client, "Хрущёв")
    page = client.get(f"/entities/{khrushchev}").text
    assert "Сталин" in page and "ntype=PERSON" in page
    only = client.get(f"/entities/{khrushchev}?ntype=PERSON").text
    svg = only.split('<svg class="network"', 1)[1].split("</svg>", 1)[0]
    assert "Сталин" in svg and "США" not in svg
    capped = client.get(f"/entities/{khrushchev}?nmax=1").text
    assert "show more" in capped and "nmax=13" in capped
    assert client.get(f"/entities/{khrushchev}?nmax=999").status_code == 400


def test_labels_never_overlap() -> None:
    from letopis.store.results import EntityInfo
    from letopis.web.network import Neighbour

    centre = EntityInfo("E0", "PERSON", "Центр", 1, 1)
    found = [Neighbour(EntityInfo(f"E{i}", "PERSON", f"Очень длинное имя номер {i}", 1, 1),
                       1, 1, float(48 - i)) for i in range(1, 49)]
    drawing = layout(centre, found, 48, [])
    boxes = [label_box(n) for n in drawing.nodes]
    for i, a in enumerate(boxes):
        assert a[1] >= 0 and a[3] <= drawing.height and a[0] >= 0 and a[2] <= drawing.width
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
