"""The report's Facts and Events panels: grouped by subject, linked to exact evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from letopis.doc import Document
from letopis.report.html import documents_to_html
from letopis.report.names import language
from relation_builders import TEXT, build_relation_document
from test_report_html import assert_spans_exact, parse


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """These checks read the report's English words (``test_report_language`` the Russian)."""
    with language("en"):
        yield


def _facts_part(page: str) -> str:
    return page[page.index("<h3>Facts"):page.index("</aside>")]


def test_evidence_spans_are_exact_in_the_text_even_after_astral_characters():
    doc = build_relation_document(text="🏛️ " + TEXT)
    page = documents_to_html([doc])
    assert_spans_exact(doc, parse(page))
    assert page.count('class="ev"') >= len(doc.relations)


def test_facts_are_grouped_by_subject_and_link_to_their_evidence():
    doc = build_relation_document()
    page = documents_to_html([doc])
    facts = _facts_part(page)
    assert "<h3>Facts <small>10</small></h3>" in page
    subjects = re.findall(r'<section class="subj"><h4[^>]*>.*?</i> ([^<]+) <small>', facts)
    assert subjects[:3] == ["X съезд РКП(б)", "РКП(б)", "Ленин"]
    trotsky = facts[facts.index("> Троцкий <"):]
    assert trotsky.index("должность") < trotsky.index("осуждён за")
    assert "нарком по военным делам" in trotsky
    for r in doc.relations:
        pair = f'{r.head} {r.tail}'
        assert f'data-jump="{r.id}" data-pair="{pair}"' in facts or r.type == "SPOUSE"
    # The symmetric SPOUSE fact sits under both spouses, read from each side.
    assert facts.count('data-jump="r5"') == 2
    assert " 10 relations " in page and " 0 relations" not in page


def test_events_list_dates_places_participants_and_parts():
    page = documents_to_html([build_relation_document()])
    events = page[page.index("<h3>Events"):page.index("<h3>Facts")]
    assert "<h3>Events <small>2</small></h3>" in events
    congress = events[:events.index("</li>")]
    assert "1921-03" in congress and "X съезд РКП(б)" in congress
    assert ">Москва<" in congress
    assert "Ленин (участник)" in congress and "РКП(б) (организатор)" in congress
    assert "Прения о профсоюзах (включает событие)" in congress
    assert events.index("X съезд РКП(б)") < events.index("<code class=\"when\">—</code>")


def test_a_document_without_relations_says_so():
    page = documents_to_html([Document("Текст без связей.")])
    assert "<h3>Facts <small>0</small></h3>" in page and "no relations" in page
    assert "no events" in page


def test_timeline_rows_name_the_events_they_date():
    page = documents_to_html([build_relation_document()])
    row = re.search(r'<div class="tl-row".*?</div></div>', page).group(0)
    assert "<code>1921-03</code>" in row and '<b class="evn">X съезд РКП(б)</b>' in row
