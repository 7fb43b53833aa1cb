"""Server-side HTML: the Jinja2 environment (autoescape on) and pre-escaped fragments.

Every value a template prints goes through ``letopis.report.markup.e`` (HTML escape,
quotes and slashes too, lone surrogates replaced) unless it is already ``Markup``
built here from escaped pieces. Highlighted text is rendered from code-point offsets
in Python (``letopis.report``), never recomputed in the browser.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from letopis.doc import Document
from letopis.kb.facts import relation_name
from letopis.report.assets import CSS as REPORT_CSS
from letopis.report.assets import JS as REPORT_JS
from letopis.report.assets import LABEL_COLORS
from letopis.report.html import document_section
from letopis.report.markup import Span, e, render_spans
from letopis.report.names import kind_name, label_name, language
from letopis.web import i18n

STATIC = ("web.css", "web.js", "apidocs.js", "map.js")


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(e(value))


def _query(params: dict[str, object], **changes: object) -> str:
    """A query string: ``params`` updated by ``changes``, empty values dropped."""
    merged = {**params, **changes}
    return "?" + urlencode({k: str(v) for k, v in merged.items() if v not in (None, "")})


def hue(label: str) -> str:
    """Inline CSS variables of a label's colour."""
    h, s = LABEL_COLORS.get(label, (0, 0))
    return f"--h:{h};--s:{s}%"


@cache
def environment() -> Environment:
    """The template environment (package templates, autoescape, strict finalize)."""
    folder = files("letopis.web") / "templates"
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                      finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext_, i18n.ngettext_, newstyle=True)
    env.globals["lang"] = i18n.current
    env.globals["switch_url"] = i18n.switch_url
    env.globals["label_name"] = lambda label: label_name(str(label), i18n.current())
    env.globals["kind_name"] = lambda kind: kind_name(str(kind), i18n.current())
    env.globals["relation_label"] = lambda rtype: (
        relation_name(str(rtype)) if i18n.current() == "ru" else str(rtype))
    env.globals["query"] = _query
    env.globals["hue"] = hue
    return env


def page(template: str, **context: object) -> str:
    """Render ``template`` with ``context``."""
    return environment().get_template(template).render(**context)


@cache
def static_files() -> dict[str, tuple[str, str]]:
    """Static assets by name: (media type, text). Served from memory, never by path."""
    folder = files("letopis.web") / "static"
    out = {name: (_media(name), (folder / name).read_text("utf-8")) for name in STATIC}
    labels = "".join(f".L-{label}{{{hue(label)}}}" for label in LABEL_COLORS)
    out["report.css"] = ("text/css; charset=utf-8", REPORT_CSS + labels)
    out["report.js"] = ("text/javascript; charset=utf-8", REPORT_JS)
    return out


def _media(name: str) -> str:
    kind = "text/css" if name.endswith(".css") else "text/javascript"
    return f"{kind}; charset=utf-8"


def document_markup(doc: Document) -> Markup:
    """The report's section for ``doc``: highlighted text, legend, timeline, panels."""
    with language(i18n.current()):
        return Markup(document_section(doc, "doc", ids=""))


def snippet_markup(snippet: str, highlights: list[tuple[int, int]]) -> Markup:
    """A search snippet, escaped, with its matched words (code-point spans) marked."""
    spans = [Span(a, b, 0, "mark", (("class", "hit"),)) for a, b in highlights]
    return Markup(render_spans(snippet, spans))


def context_markup(before: str, text: str, after: str) -> Markup:
    """A mention in its context, the mention marked."""
    return Markup(f'{e(before)}<mark class="hit">{e(text)}</mark>{e(after)}')
