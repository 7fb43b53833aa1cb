"""The offline map (issue 18, item 5): TopoJSON decoding, the projection's box, the
``/map`` pages and GeoJSON download over a real store, and the map in headless Chromium
(find the places, outlines drawn, labels apart, nothing fetched from outside)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from fastapi.testclient import TestClient  # noqa: E402

from letopis import analyze  # noqa: E402
from letopis.web import geomap  # noqa: E402
from letopis.web.app import create_app  # noqa: E402
from test_web_browser import _missing, browser, watched_page  # noqa: E402,F401  (fixtures)
from test_web_corpus import serving, store_documents  # noqa: E402

TEXTS = [
    "В мае 1956 года делегация из Москвы прибыла в Варшаву. Польша и Чехословакия "
    "подписали соглашение, а посол США в Москве назвал его важным шагом.",
    "Осенью 1957 года писатель Иван Громов переехал из Москвы в Киев, "
    "а затем побывал в Париже и Лондоне.",
]


def test_arcs_are_delta_decoded_and_transformed() -> None:
    topology = {"transform": {"scale": [0.5, 2.0], "translate": [-10, 20]},
                "arcs": [[[0, 0], [2, 1], [2, -1]], [[4, 6], [0, -6]]]}
    arcs = geomap.decode_arcs(topology)
    assert arcs[0] == [(-10.0, 20.0), (-9.0, 22.0), (-8.0, 20.0)]
    assert arcs[1] == [(-8.0, 32.0), (-8.0, 20.0)]
    ring = geomap.ring_points([0, ~1], arcs)  # the second arc walked backwards
    assert ring == [(-10.0, 20.0), (-9.0, 22.0), (-8.0, 20.0), (-8.0, 32.0)]


def test_rings_across_the_antimeridian_are_unwrapped() -> None:
    ring = [(170.0, 60.0), (179.0, 61.0), (-179.0, 62.0), (-170.0, 63.0)]
    assert geomap.unwrap(ring) == [(170.0, 60.0), (179.0, 61.0), (181.0, 62.0), (190.0, 63.0)]
    assert "L370.00" in geomap.path_data(ring)  # drawn on past the edge, not back across


def test_centroid_and_area() -> None:
    square = [(10.0, 40.0), (20.0, 40.0), (20.0, 50.0), (10.0, 50.0)]
    assert geomap.area(square) == pytest.approx(100.0)
    assert geomap.centroid(square) == pytest.approx((15.0, 45.0))


def place(name: str, lat: float, lon: float, weight: int = 1) -> geomap.Place:
    return geomap.Place(name, name, "CITY", lat, lon, weight)


def test_box_zooms_on_close_places_and_keeps_the_world_for_far_ones() -> None:
    near = geomap.box([place("Москва", 55.75, 37.62), place("Варшава", 52.23, 21.01)])
    assert 0.5 < near.k < 0.7  # cos of the middle latitude
    assert near.h >= geomap.MIN_SPAN and near.h >= near.w * geomap.MIN_RATIO * 0.99
    x = (37.62 + 180) * near.k
    assert near.x < x < near.x + near.w and near.y < 90 - 55.75 < near.y + near.h
    world = geomap.box([place("Москва", 55.75, 37.62), place("Сантьяго", -33.4, -70.6),
                        place("Токио", 35.7, 139.7)])
    assert (world.x, world.y, world.w, world.h) == (0, 0, 360, 180)


def test_draw_links_each_place_and_labels_the_largest() -> None:
    places = [place(f"Место{i}", 50 + i * 0.01, 30 + i * 0.01, weight=50 - i) for i in range(50)]
    svg = str(geomap.draw(places))
    assert svg.count('class="map-place') == 50
    assert svg.count("<text") <= geomap.LABELS
    assert 'href="/entities/Место0"' in svg
    assert "<title>Место0 · Место0 (50.00, 30.00) · 50</title>" in svg


@pytest.fixture(scope="module")
def map_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.db"
    store_documents(path, [analyze(text, f"map{i}") for i, text in enumerate(TEXTS)])
    return path


def ids(client: TestClient, name: str) -> str:
    found = client.get("/api/entities", params={"name": name}).json()
    return next(item["id"] for item in found["items"] if item["name"] == name)


def doc_id(client: TestClient, source: str) -> str:
    found = client.get("/api/documents").json()["items"]
    return next(item["id"] for item in found if item["source"] == source)


def test_map_pages_and_geojson(map_db: Path) -> None:
    client = TestClient(create_app(map_db))
    page = client.get("/map")
    assert page.status_code == 200
    assert 'data-name="Москва"' in page.text and 'data-name="Киев"' in page.text
    feature = {f["properties"]["name"]: f for f in
               client.get("/map.geojson").json()["features"]}
    lon, lat = feature["Москва"]["geometry"]["coordinates"]
    assert (round(lat), round(lon)) == (56, 38)  # GeoJSON order: longitude first
    assert feature["Москва"]["properties"]["geonames"]
    doc = client.get("/map", params={"document": doc_id(client, "map1")})
    assert doc.status_code == 200 and 'data-name="Киев"' in doc.text
    assert 'data-name="Варшава"' not in doc.text  # only the second text's places
    moscow = ids(client, "Москва")
    near = client.get("/map", params={"entity": moscow}).text
    assert 'class="map-place focus" data-name="Москва"' in near
    both = {"document": doc_id(client, "map0"), "entity": moscow}
    assert client.get("/map", params=both).status_code == 400
    assert client.get("/map", params={"document": "nothing"}).status_code == 404
    assert client.get("/map", params={"entity": "E0"}).status_code == 404


def test_countries_are_shaded(map_db: Path) -> None:
    if geomap.outlines() is None:
        pytest.skip("the world-atlas outlines are not built (make)")
    client = TestClient(create_app(map_db))
    text = client.get("/map", params={"document": doc_id(client, "map0")}).text
    assert 'data-name="Польша"' in text
    assert text.count('class="map-hit"') >= 2  # Poland and the USA at least


@pytest.fixture(scope="module")
def map_server(map_db: Path) -> Iterator[str]:
    with serving(map_db) as url:
        yield url


def boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return page.eval_on_selector_all(selector, """els => els.map(el => {
        const r = el.getBoundingClientRect();
        return {x: r.x, y: r.y, w: r.width, h: r.height}; })""")


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


@pytest.mark.parametrize("width", [1100, 390])
def test_map_in_the_browser(map_server: str, browser: Any, tmp_path: Path,  # noqa: F811
                            width: int) -> None:
    if geomap.outlines() is None:
        _missing("the world-atlas outlines are not built (make)")
    page, errors, outside = watched_page(browser, map_server,
                                         viewport={"width": width, "height": 800})
    page.goto(f"{map_server}/")
    page.click("header nav a[href='/map']")
    page.wait_for_selector("svg.map")
    moscow = page.locator("svg.map a.map-place[data-name='Москва'] circle")
    assert moscow.is_visible()
    assert page.locator("svg.map .map-land path").count() > 30  # the outlines around them
    assert page.locator("svg.map .map-land path.map-hit").count() >= 2  # the countries
    page.wait_for_load_state("load")
    labels = [b for b, shown in zip(boxes(page, "svg.map text"), page.eval_on_selector_all(
        "svg.map text", "els => els.map(el => getComputedStyle(el).visibility)"),
        strict=True) if shown != "hidden"]
    assert labels and not any(overlap(a, b) for i, a in enumerate(labels)
                              for b in labels[i + 1:])
    figure = boxes(page, "figure.mapbox")[0]
    assert figure["x"] >= 0 and figure["x"] + figure["w"] <= width + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    folder = Path(os.environ.get("LETOPIS_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"map-{width}.png"))
    moscow.click()
    page.wait_for_selector("h1.entity-name")
    assert "Москва" in page.inner_text("h1.entity-name")
    assert not errors and not outside


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_sample_acceptance import SAMPLE as sample

    if not sample.exists():
        pytest.skip("the shared acceptance sample is not here")
    path = tmp_path_factory.mktemp("sample") / "sample.db"
    store_documents(path, [analyze(sample.read_text(encoding="utf-8"), "sample")])
    return path


SAMPLE_PLACES = {"Q649", "Q30", "Q36"}  # Moscow, the United States, Poland


def test_the_sample_places_on_its_map(sample_db: Path) -> None:
    client = TestClient(create_app(sample_db))
    data = client.get("/map.geojson", params={"document": doc_id(client, "sample")})
    found = {f["properties"]["wikidata"]: f["properties"]["name"]
             for f in data.json()["features"]}
    print(json.dumps(found, ensure_ascii=False, sort_keys=True))
    assert set(found) >= SAMPLE_PLACES


def test_the_sample_map_in_the_browser(sample_db: Path, browser: Any,  # noqa: F811
                                       tmp_path: Path) -> None:
    if geomap.outlines() is None:
        _missing("the world-atlas outlines are not built (make)")
    with serving(sample_db) as url:
        page, errors, outside = watched_page(browser, url, viewport={"width": 1100,
                                                                      "height": 800})
        page.goto(f"{url}/")
        page.click("table.docs a >> nth=0")
        page.click("a[href^='/map?document=']")
        page.wait_for_selector("svg.map")
        for qid in sorted(SAMPLE_PLACES):
            assert page.locator(f"svg.map a.map-place[data-wikidata='{qid}'] circle").is_visible()
        assert page.locator("svg.map .map-land path.map-hit").count() >= 2  # USA, Poland
        folder = Path(os.environ.get("LETOPIS_SCREENSHOTS") or tmp_path)
        page.screenshot(path=str(folder / "map-sample.png"))
        assert not errors and not outside
