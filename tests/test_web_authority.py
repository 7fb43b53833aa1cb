"""The entity page shows the Wikidata and GeoNames ids of a linked entity with the
knowledge base's coordinates and description, as text; the footer credits GeoNames."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb_fixtures import linked_city
from letopis.kb.authority import SHIPPED
from letopis.store.core import Store
from letopis.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    if not SHIPPED.is_file():
        pytest.skip("the shipped knowledge base is not built")
    doc = linked_city("Москве", "Москва", "Q649", "524901", [55.75204, 37.61781])
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        store.add(doc)
    return TestClient(create_app(str(db)))


def test_entity_page_shows_ids_coords_and_description(client: TestClient) -> None:
    (item,) = client.get("/api/entities").json()["items"]
    body = client.get(f"/entities/{item['id']}").text
    assert "Wikidata <code>Q649</code>" in body and "GeoNames <code>524901</code>" in body
    assert "55.7520, 37.6178" in body and "населённый пункт" in body
    assert "http://" not in body and "https://" not in body
    assert "GeoNames" in client.get("/").text
