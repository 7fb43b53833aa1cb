"""Relations in a real headless Chromium: open an entity, see its facts, follow one to its
passage, which the document page scrolls to and lights up.

Skipped like ``test_web_browser`` when chromium or playwright is missing.
LETOPIS_SCREENSHOTS=DIR keeps the screenshots taken on the way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_web_browser import browser, watched_page  # noqa: E402,F401  (chromium fixture)
from test_web_corpus import serving  # noqa: E402
from test_web_relations import LENIN, fill_store  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser-relations") / "corpus.db"
    fill_store(path)
    with serving(path) as url:
        yield url


def _shot(page: Any, tmp_path: Path, name: str) -> Path:
    folder = Path(os.environ.get("LETOPIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 1000
    return target


def test_entity_facts_lead_to_the_lit_passage(server: str, browser: Any,  # noqa: F811
                                              tmp_path: Path) -> None:
    page, errors, outside = watched_page(browser, server,
                                         viewport={"width": 1280, "height": 900})

    page.goto(f"{server}/entities")
    page.click("a.ent-link:text-is('Ленин')")
    page.wait_for_url(f"**/entities/{LENIN}")
    facts = page.locator(".facts-panel li.fact")
    assert facts.count() == 3
    participation = page.locator(".facts-panel li.fact[data-type='PARTICIPANT_IN']")
    assert "участвовал в" in participation.inner_text()
    assert "X съезд РКП(б)" in participation.inner_text()
    _shot(page, tmp_path, "entity-facts")

    participation.locator("a.passage").first.click()
    page.wait_for_url("**/documents/*#r4")
    lit = page.locator(".text .ev.on[data-r='r4']")
    lit.first.wait_for(state="visible")
    assert "".join(lit.all_inner_texts()) == "Ленин выступил на съезде"
    assert page.locator(".text mark.hl").all_inner_texts() == ["Ленин", "съезде"]
    assert page.locator(".fact.active[data-jump='r4']").count() == 1
    box = lit.first.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900  # scrolled into view
    _shot(page, tmp_path, "document-passage")

    fact = page.locator(".facts .fact[data-jump='r7']")
    fact.click()
    assert "".join(page.locator(".text .ev.on").all_inner_texts()) == \
        "Троцкий, нарком по военным делам"
    page.goto(f"{server}/relations?type=WORKS_AS")
    assert page.locator("table.relations tbody tr").count() == 1
    assert errors == [] and outside == []
    page.close()
