"""The offline HTML report: no external URL, escaping, balanced markup, exact spans."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

import letopis
from letopis.doc import Claim, Cue, DateValue, Document, Entity, Quote, check_spans
from letopis.export import render
from letopis.report.edtf import edtf_span
from letopis.report.html import documents_to_html
from letopis.report.markup import Span, render_spans
from letopis.report.names import language


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """These checks read the report's English words (``test_report_language`` the Russian)."""
    with language("en"):
        yield


try:
    from test_export_json import build_document
except ImportError:  # tests collected as a package
    from tests.test_export_json import build_document

VOID = {"meta", "br", "hr", "input", "img", "link", "wbr", "col", "source"}
# A URL scheme with slashes, a protocol-relative URL, a src/href attribute not pointing
# inside the page, CSS that loads something, an XML namespace.
EXTERNAL = re.compile(
    r"https?://|//[\w.-]|<[^>]*\s(?:src|href|action|data)\s*=\s*(?![\"']?#)|url\(|@import|xmlns",
    re.IGNORECASE,
)
CONT = re.compile(r'class="[^"]*\bcont\b')
SPAN_KEYS = ("data-m", "data-q", "data-c", "data-r")


class Balanced(HTMLParser):
    """Checks that every end tag closes the innermost open element and collects the text
    inside each element with a data-m / data-q / data-c attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.inside: dict[str, str] = defaultdict(str)
        self.errors: list[str] = []
        self.text: list[str] = []
        self.in_text_box = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        self.stack.append((tag, attributes))
        if attributes.get("class") == "text":
            self.in_text_box = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else None}")
            return
        if len(self.stack) == self.in_text_box:
            self.in_text_box = 0
        self.stack.pop()

    def handle_data(self, data):
        if not self.in_text_box:
            return
        self.text.append(data)
        for _, attributes in self.stack[self.in_text_box:]:
            for key in SPAN_KEYS:
                if attributes.get(key):
                    self.inside[attributes[key]] += data


def parse(page: str) -> Balanced:
    parser = Balanced()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def assert_spans_exact(doc: Document, parsed: Balanced) -> None:
    assert "".join(parsed.text) == doc.text
    for m in doc.mentions:
        assert parsed.inside[m.id] == m.text, m.id
    for q in doc.quotes:
        assert parsed.inside[q.id] == q.text, q.id
    for c in doc.claims:
        assert parsed.inside[c.id] == c.text, c.id
    for r in doc.relations:
        assert parsed.inside[r.id] == doc.text[r.start:r.end], r.id


def test_rich_document_renders_balanced_and_exact():
    doc = build_document()
    page = documents_to_html([doc])
    parsed = parse(page)
    assert_spans_exact(doc, parsed)
    assert page.startswith("<!DOCTYPE html>")
    assert "Александр Керенский" in page and "Павел Милюков" in page
    assert "1917-21" in page and "1917-22" in page
    assert 'class="kind k-quotation"' in page and "speaker:" in page
    assert "holder:" in page and "source:" in page
    assert "WORKS_AS" in page


def test_no_external_resource_anywhere():
    doc = Document(
        "См. https://example.org/evil.js и //cdn.example.net/x.css, а также "
        "<script src='http://x.test/a.js'></script> рядом с Москвой.", "http://x.test/s.txt"
    )
    doc.add_mention(doc.text.index("Москвой"), doc.text.index("Москвой") + 7, "CITY")
    doc.add_mention(4, 31, "PRODUCT")
    page = render([doc, build_document()], "html")
    assert EXTERNAL.search(page) is None, EXTERNAL.search(page)
    assert "<link" not in page and "<iframe" not in page
    assert "example.org" in page and "https:&#47;&#47;example.org" in page


def test_document_strings_are_escaped():
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = f"Купец {payload} сказал: «{payload}» в Твери."
    doc = Document(text, source=f"{payload}.txt")
    start = text.index(payload)
    mention = doc.add_mention(start, start + len(payload), "PERSON")
    mention.entity = "e1"
    doc.entities = [Entity("e1", "PERSON", f'"><b>{payload}', [payload], [mention.id])]
    q_start = text.index("«") + 1
    q_end = text.index("»")
    doc.quotes = [Quote("q1", q_start, q_end, text[q_start:q_end], "quotation", "e1",
                        Cue(text.index("сказал"), text.index("сказал") + 6))]
    doc.claims = [Claim("c1", q_start, q_end, text[q_start:q_end], "e1", None)]
    doc.dates = [DateValue(mention.id, f"<i>{payload}</i>")]
    check_spans(doc)
    page = documents_to_html([doc])
    assert "<script>alert" not in page
    assert "<img" not in page and "<b><script" not in page and "<i><script" not in page
    assert page.count("<script>") == 1
    assert "&lt;script&gt;alert" in page
    parsed = parse(page)
    assert_spans_exact(doc, parsed)


def test_crossing_spans_are_split_not_broken():
    text = "Граф Орлов и князь Потёмкин встретились в Санкт-Петербурге."
    doc = Document(text)
    a = doc.add_mention(0, 10, "PERSON")            # Граф Орлов
    b = doc.add_mention(5, 18, "ORGANIZATION")      # crosses a: Орлов и князь
    c = doc.add_mention(13, 27, "PERSON")           # crosses b: князь Потёмкин
    d = doc.add_mention(42, 58, "CITY")
    doc.quotes = [Quote("q1", 2, 40, text[2:40], "term")]   # crosses a
    doc.claims = [Claim("c1", 19, 59, text[19:59])]         # crosses c and q1
    check_spans(doc)
    page = documents_to_html([doc])
    parsed = parse(page)
    assert_spans_exact(doc, parsed)
    assert CONT.search(page)
    for m in (a, b, c, d):
        assert f'data-m="{m.id}"' in page


def test_nested_mentions_become_nested_elements():
    text = "Пленум ЦК КПСС открылся."
    doc = Document(text)
    outer = doc.add_mention(7, 14, "ORGANIZATION")
    inner = doc.add_mention(10, 14, "ORGANIZATION")
    same = doc.add_mention(10, 14, "IDEOLOGY")
    check_spans(doc)
    out = render_spans(text, [
        Span(m.start, m.end, 3, "mark", (("data-m", m.id),)) for m in (outer, inner, same)
    ])
    assert out == ('Пленум <mark data-m="m1">ЦК <mark data-m="m2"><mark data-m="m3">'
                   "КПСС</mark></mark></mark> открылся.")
    assert not CONT.search(documents_to_html([doc]))


def test_offsets_are_code_points_with_emoji():
    text = "😀🏛 Собор 👑 Ивана Грозного\U0001f4dc в Москве"
    doc = Document(text)
    start = text.index("Ивана")
    doc.add_mention(start, start + len("Ивана Грозного"), "PERSON")
    doc.add_mention(text.index("Москве"), len(text), "CITY")
    doc.add_mention(text.index("Собор"), text.index("Собор") + 5, "FACILITY")
    check_spans(doc)
    assert_spans_exact(doc, parse(documents_to_html([doc])))


def test_lone_surrogates_do_not_break_the_page():
    text = "Грамота \udc81 князя Олега"
    doc = Document(text, source="\ud800.txt")
    doc.add_mention(text.index("Олега"), len(text), "PERSON")
    page = documents_to_html([doc])
    page.encode("utf-8")
    parsed = parse(page)
    assert "".join(parsed.text) == text.replace("\udc81", "\ufffd")
    assert parsed.inside["m1"] == "Олега"


def test_render_spans_ignores_bad_spans_and_escapes():
    out = render_spans("a<b>&c", [Span(-1, 3, 0, "i", ()), Span(2, 2, 0, "i", ()),
                                  Span(1, 3, 0, "b", (("title", 'x"y'),))])
    assert out == 'a<b title="x&quot;y">&lt;b</b>&gt;&amp;c'


def test_timeline_places_intervals_and_flags():
    text = "Около 1930 года, в 195X-е, с 1941 по 1945 год и после 1991 года."
    doc = Document(text)
    values = {"1930 года": "1930~", "195X": "195X", "1941 по 1945": "1941/1945",
              "после 1991": "1991/..", "года.": "не дата"}
    for part, value in values.items():
        start = text.index(part)
        m = doc.add_mention(start, start + len(part), "DATE")
        doc.dates.append(DateValue(m.id, value))
    check_spans(doc)
    page = documents_to_html([doc])
    parse(page)
    assert 'class="bar approx"' in page
    assert 'class="bar unspec"' in page
    assert 'class="bar open-end"' in page
    assert "not placed on the axis" in page and "не дата" in page
    codes = ("1930~", "1941&#47;1945", "195X", "1991&#47;..")
    order = [page.index(f"<code>{v}</code>") for v in codes]
    assert order == sorted(order)


@pytest.mark.parametrize(("value", "lo", "hi"), [
    ("1956", 1956.0, 1957.0), ("195X", 1950.0, 1960.0), ("1956-XX", 1956.0, 1957.0),
    ("1941/1945", 1941.0, 1946.0), ("-0044", -44.0, -43.0),
])
def test_edtf_span_bounds(value, lo, hi):
    span = edtf_span(value)
    assert span is not None and span.lo == pytest.approx(lo) and span.hi == pytest.approx(hi)


def test_edtf_span_flags_and_failures():
    assert edtf_span("1812-06-24~").approximate
    assert edtf_span("1812?").uncertain
    assert edtf_span("1812%").approximate and edtf_span("1812%").uncertain
    assert edtf_span("../1812").open_start and edtf_span("1812/..").open_end
    assert edtf_span("[1812,1814]").uncertain
    summer = edtf_span("1812-22")
    assert summer and 1812.4 < summer.lo < summer.hi < 1812.7
    for bad in ("", "1812-13", "1812-02-30", "вчера", "../.."):
        assert edtf_span(bad) is None


def test_several_documents_and_none():
    docs = [build_document(), Document("Рязань", "b.txt")]
    page = documents_to_html(docs)
    parse(page)
    assert 'id="d1"' in page and 'id="d2"' in page and 'href="#d2"' in page
    assert "2 documents" in page
    parse(documents_to_html([]))


def test_report_of_analyzed_text():
    text = ("В 1703 году Пётр Первый основал Санкт-Петербург. Позднее Меншиков писал царю, "
            "что крепость строится быстро. Летом 1709 года русская армия разбила шведов "
            "под Полтавой.")
    doc = letopis.analyze(text, "my-petr.txt")
    check_spans(doc)
    page = render([doc], "html")
    assert EXTERNAL.search(page) is None
    assert_spans_exact(doc, parse(page))
    assert html.escape("my-petr.txt") in page
