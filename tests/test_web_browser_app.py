"""The web app a historian keeps open (issue 18) in a real headless Chromium: deep links
to passages, tables with facets and downloads, timelines, the language switch, a narrow
screen and the offline API docs.

Skipped like ``test_web_browser`` when chromium or playwright is missing.
LETOPIS_SCREENSHOTS=DIR keeps the screenshots taken on the way.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_web_browser import browser, server, watched_page  # noqa: E402,F401  (fixtures)


def shot(page: Any, tmp_path: Path, name: str, full: bool = False) -> None:
    """A screenshot of ``page`` (kept under LETOPIS_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("LETOPIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


def in_viewport(page: Any, selector: str) -> bool:
    """Whether the element's box lies inside the visible part of the page."""
    return bool(page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }"""))


def test_mention_link_lands_highlighted(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page, errors, outside = watched_page(browser, server, viewport={"width": 1000,
                                                                     "height": 500})
    page.goto(f"{server}/entities?name=Смирнова")
    page.click("table.rows a.ent-link >> nth=0")
    link = page.locator("ol.contexts a.at").last
    href = link.get_attribute("href")
    assert href and href.startswith("/documents/") and "#m" in href
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    target = f"[id='{anchor}']"
    page.wait_for_selector(target)
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.eval_on_selector(target, "el => el.matches(':target')")
    assert "Смирнов" in page.inner_text(target)
    page.wait_for_function(f"""() => {{ const r = document.querySelector("{target}")
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }}""")
    assert in_viewport(page, target)
    style = page.eval_on_selector(target, "el => getComputedStyle(el).outlineStyle")
    assert style == "solid"
    shot(page, tmp_path, "deep-link")
    assert not errors and not outside


def test_quotation_link_has_an_anchor(server: str, browser: Any) -> None:  # noqa: F811
    page, errors, _ = watched_page(browser, server)
    page.goto(f"{server}/quotes?kind=")
    href = page.locator("table.quotes a.at").first.get_attribute("href")
    page.goto(f"{server}{href}")
    anchor = href.split("#", 1)[1]
    assert page.eval_on_selector(f"[id='{anchor}']", "el => el.matches('.qt:target')")
    assert not errors


def test_quotations_facet_and_csv_download(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page, errors, outside = watched_page(browser, server, accept_downloads=True)
    page.goto(f"{server}/quotes")
    kinds = page.locator("table.quotes td[data-col=kind]").all_inner_texts()
    assert kinds and set(kinds) == {"цитата"}  # real quotations with a speaker by default
    assert all(t.strip() != "—" for t in
               page.locator("table.quotes td[data-col=speaker_name]").all_inner_texts())
    page.click(".facet[data-facet=kind] a:has-text('название')")
    page.wait_for_url("**kind=title**")
    assert "Правда" in page.inner_text("table.quotes")
    shot(page, tmp_path, "quotes-title-facet")
    with page.expect_download() as event:
        page.click("a.csv")
    saved = tmp_path / "quotes.csv"
    event.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert rows and {r["kind"] for r in rows} == {"title"}
    assert any(r["text"] == "Правда" for r in rows)
    shown = page.locator("table.quotes tbody tr").count()
    assert len(rows) == int(page.inner_text("h1 small")) == shown
    assert not errors and not outside


def test_api_docs_load_with_the_network_blocked(server: str, browser: Any,  # noqa: F811
                                                tmp_path: Path) -> None:
    page, errors, outside = watched_page(browser, server)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else route.abort())
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 8
    assert "/api/entities" in page.inner_text(".swagger-ui")
    shot(page, tmp_path, "api-docs")
    assert not errors and not outside


def test_language_switch(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page, errors, _ = watched_page(browser, server)
    page.goto(f"{server}/entities?label=PERSON")
    assert page.get_attribute("html", "lang") == "ru"
    assert "Сущности" in page.inner_text("header.site nav")
    assert "персона" in page.inner_text("table.entities")
    page.click("header.site .langs a[hreflang=en]")
    page.wait_for_url("**lang=en**")
    assert page.get_attribute("html", "lang") == "en"
    assert "Entities" in page.inner_text("header.site nav")
    assert "PERSON" in page.inner_text("table.entities")
    assert "label=PERSON" in page.url  # the filters stay
    page.goto(f"{server}/quotes")  # the choice sticks (a cookie)
    assert "Quotations" in page.inner_text("h1")
    shot(page, tmp_path, "english")
    page.click("header.site .langs a[hreflang=ru]")
    assert "Цитаты" in page.inner_text("h1")
    assert not errors


NARROW = {"width": 390, "height": 844}
PANELS = ("header.site, main > h1, main section, main aside, main .table-main, main table,"
          " main svg, footer")


def _overlaps(page: Any) -> list[tuple[str, str]]:
    """Pairs of main panels whose boxes overlap, and panels wider than the screen."""
    return page.evaluate("""(sel) => {
        const els = Array.from(document.querySelectorAll(sel)).filter(el =>
            !Array.from(document.querySelectorAll(sel)).some(o => o !== el && o.contains(el)));
        const boxes = els.map(el => [el.tagName + "." + el.className, el.getBoundingClientRect()]);
        const bad = [];
        for (let i = 0; i < boxes.length; i++) {
          const [a, r] = boxes[i];
          if (r.width > window.innerWidth + 1) { bad.push([a, "wider than the screen"]); }
          for (let j = i + 1; j < boxes.length; j++) {
            const [b, s] = boxes[j];
            const w = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const h = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (w > 1 && h > 1) { bad.push([a, b]); }
          }
        }
        return bad; }""", PANELS)


@pytest.mark.parametrize("path", ["/", "/entities", "/quotes", "/documents", "/search?q=Петров"])
def test_narrow_screen_panels_do_not_overlap(server: str, browser: Any,  # noqa: F811
                                             tmp_path: Path, path: str) -> None:
    page, errors, _ = watched_page(browser, server, viewport=NARROW)
    page.goto(f"{server}{path}")
    assert _overlaps(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    if path == "/":
        shot(page, tmp_path, "narrow-overview", full=True)
    assert not errors


def entity_page(chromium: Any, base: str, **options: Any) -> tuple[Any, list[str]]:
    """Ivan Petrov's entity page, reached from the entity table."""
    page, errors, _ = watched_page(chromium, base, **options)
    page.goto(f"{base}/entities?name=Петров")
    page.click("table.rows a.ent-link >> nth=0")
    return page, errors


def test_narrow_entity_page(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    page, errors = entity_page(browser, server, viewport=NARROW)
    assert _overlaps(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    shot(page, tmp_path, "narrow-entity", full=True)
    assert not errors


def test_entity_timeline_ticks_span_the_data(server: str, browser: Any,  # noqa: F811
                                             tmp_path: Path) -> None:
    page, errors = entity_page(browser, server)
    page.wait_for_selector("svg.timeline")
    ticks = [int(t) for t in page.locator("svg.timeline .tick text").all_text_contents()]
    labels = page.locator("svg.timeline text.lab").all_text_contents()
    years = [int(v[:4]) for v in labels]
    assert len(set(labels)) == len(labels)  # one row per date value
    assert ticks[0] <= min(years) and ticks[-1] >= max(years) - 2
    assert len(ticks) >= 2
    shot(page, tmp_path, "entity-timeline", full=True)
    assert not errors


def test_network_labels_do_not_overlap(server: str, browser: Any,  # noqa: F811
                                       tmp_path: Path) -> None:
    page, errors = entity_page(browser, server)
    page.wait_for_selector("svg.network text")
    boxes = page.eval_on_selector_all("svg.network text", """els => els.map(el => {
        const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })""")
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 \
                or b[3] <= a[1] + 0.5, (a, b)
    page.locator("section.network-panel").screenshot(path=str(tmp_path / "n.png"))
    shot(page, tmp_path, "entity-network", full=True)
    assert not errors
