"""``letopis serve`` in a real headless Chromium (Debian's ``chromium``, via playwright).

Skipped when chromium or playwright is missing, unless LETOPIS_REQUIRE_BROWSER=1, which
turns the skip into a failure. Never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from test_web_corpus import EMOJI, build_store, serving  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _missing(why: str) -> None:
    if os.environ.get("LETOPIS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required but {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "corpus.db"
    build_store(path)
    with serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        _missing("no chromium on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def watched_page(browser: Any, server: str, **options: Any) -> tuple[Any, list[str], list[str]]:
    """A new page with the script errors it meets and the requests leaving ``server``."""
    page = browser.new_page(**options)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    return page, errors, outside


def test_click_through_document_entity_search(server: str, browser: Any) -> None:
    page, errors, outside = watched_page(browser, server)

    page.goto(f"{server}/")
    page.click("table.docs a >> nth=0")
    page.wait_for_selector(".text mark")
    text = page.inner_text(".text")
    assert text.startswith(EMOJI)

    mark = page.locator(".text mark.L-PERSON.linked").first
    assert mark.inner_text() == "Иван Петров"  # offsets after the emoji hold in the browser
    mark.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "PERSON" in tip.inner_text() and "Иван Петров" in tip.inner_text()

    mark.click()
    page.wait_for_url("**/entities/E*")
    assert page.inner_text("h1").strip() == "Иван Петров"
    assert page.locator("svg.timeline a.ev rect").count() >= 2
    assert page.locator("svg.network a.node circle").count() >= 3
    page.locator("svg.network a.node:not(.centre) circle").first.hover()
    assert page.locator("svg.network line.edge.lit").count() >= 1

    page.goto(f"{server}/search")
    page.fill("#q", "Смирнову")
    page.click("form.search button[type=submit]")
    page.wait_for_selector("li.hit-row")
    assert page.locator("li.hit-row").count() == 2
    assert "Смирнова" in page.locator("li.hit-row mark.hit").first.inner_text()

    page.fill("#q", "(Смирнова")
    page.click("form.search button[type=submit]")
    page.wait_for_selector(".error")
    assert "parenthes" in page.inner_text(".error").lower()
    assert not errors and not outside
    page.close()
