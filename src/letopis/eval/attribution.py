"""Attribution scorer: reported speech, its cue and its speaker on the team's own set.

The set (``tests/fixtures/attribution/sentences.tsv``, format in the README there) has one
item per line, ``family<TAB>text`` with inline markup: ``{c:…}`` content, ``{v:…}`` cue,
``{s:…}`` named speaker, ``{u:…}`` unnamed speaker; a digit after the letter numbers a
second report in the line (``{c2:…}``). Markup may nest (a parenthetical cue inside the
content). A line without markup is a negative.

Each line is analyzed as its own document. Emitted reports are the quotes of kind
``quotation`` and the claims. Matching (edges trimmed of spaces and punctuation):

* **content**: a gold content part is found when some report has exactly its interval;
* **cue**: a gold report's cue is right when a report matching one of its parts has
  exactly the gold cue interval;
* **speaker, named**: a report matching the content has a speaker (holder) entity with a
  mention overlapping the gold speaker;
* **speaker, unnamed**: such a report has a ``speaker_span`` (``holder_span``) overlapping
  the gold span and no named speaker;
* **precision**: emitted reports overlapping some gold content part of their line;
  **wrong named**: reports matching gold content whose named speaker is not the gold one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from letopis.errors import DataError

MARK = re.compile(r"\{([cvsu])(\d?):|\}")
EDGE = " \t\u00a0.,;:!?—–-«»\"'„“”<>…"
DEFAULT_SET = Path("tests/fixtures/attribution/sentences.tsv")


@dataclass(slots=True)
class Report:
    """One gold report: content parts, cue and speaker intervals (offsets in the text)."""

    parts: list[tuple[int, int]] = field(default_factory=list)
    cue: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    named: bool = True


@dataclass(slots=True)
class Item:
    """One line of the set: its family, plain text and gold reports."""

    family: str
    text: str
    reports: list[Report]
    line: int


def parse_line(line: str, number: int) -> Item:
    """An item from ``family<TAB>marked text``; DataError on broken markup."""
    family, sep, marked = line.partition("\t")
    if not sep or not family.strip():
        raise DataError(f"line {number}: expected 'family<TAB>text'")
    out: list[str] = []
    stack: list[tuple[str, str, int]] = []
    reports: dict[str, Report] = {}
    pos, length = 0, 0
    for match in MARK.finditer(marked):
        out.append(marked[pos:match.start()])
        length += match.start() - pos
        pos = match.end()
        if match.group() == "}":
            if not stack:
                raise DataError(f"line {number}: '}}' without an opening mark")
            kind, key, start = stack.pop()
            _store(reports.setdefault(key, Report()), kind, (start, length))
        else:
            stack.append((match.group(1), match.group(2) or "1", length))
    out.append(marked[pos:])
    if stack:
        raise DataError(f"line {number}: unclosed mark {{{stack[-1][0]}")
    text = "".join(out)
    for key, report in reports.items():
        if not report.parts:
            raise DataError(f"line {number}: report {key} has no content")
    return Item(family.strip(), text, [reports[k] for k in sorted(reports)], number)


def _store(report: Report, kind: str, span: tuple[int, int]) -> None:
    if kind == "c":
        report.parts.append(span)
    elif kind == "v":
        report.cue = span
    else:
        report.speaker, report.named = span, kind == "s"


def read_set(path: Path | None = None) -> list[Item]:
    """The items of an attribution set file (comments ``#`` and blank lines skipped);
    by default the team's set, from the current folder or the checkout letopis runs from."""
    if path is None:
        beside = Path(__file__).resolve().parents[3] / DEFAULT_SET  # the source checkout
        path = DEFAULT_SET if DEFAULT_SET.is_file() or not beside.is_file() else beside
    if not path.is_file():
        raise DataError(f"attribution set not found: {path}")
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            items.append(parse_line(line, number))
    if not items:
        raise DataError(f"attribution set is empty: {path}")
    return items


def trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The interval without spaces and punctuation at its edges."""
    start, end = span
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


@dataclass(slots=True)
class Emitted:
    """A predicted report: content, cue, named speaker's mention intervals, unnamed span."""

    span: tuple[int, int]
    cue: tuple[int, int] | None
    named: list[tuple[int, int]]
    unnamed: tuple[int, int] | None


def emitted(doc: Any) -> list[Emitted]:
    """Quotations and claims of an analyzed document as ``Emitted`` reports."""
    by_entity: dict[str, list[tuple[int, int]]] = {}
    for m in doc.mentions:
        if m.entity is not None:
            by_entity.setdefault(m.entity, []).append((m.start, m.end))
    out = []
    rows = [(q, q.speaker, getattr(q, "speaker_span", None))
            for q in doc.quotes if q.kind == "quotation"]
    rows += [(c, c.holder, getattr(c, "holder_span", None)) for c in doc.claims]
    for obj, entity, span in rows:
        cue = (obj.cue.start, obj.cue.end) if obj.cue is not None else None
        named = by_entity.get(entity, []) if entity else []
        unnamed = (span.start, span.end) if span is not None else None
        out.append(Emitted((obj.start, obj.end), cue, named, unnamed))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(slots=True)
class Tally:
    """Counts for one family (or all)."""

    items: int = 0
    parts: int = 0
    content: int = 0
    cues: int = 0
    cue_ok: int = 0
    named: int = 0
    named_ok: int = 0
    unnamed: int = 0
    unnamed_ok: int = 0
    emitted: int = 0
    correct: int = 0
    wrong_named: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "items": self.items, "content_parts": self.parts,
            "content": ratio(self.content, self.parts), "cue": ratio(self.cue_ok, self.cues),
            "speaker_named": ratio(self.named_ok, self.named),
            "speaker_unnamed": ratio(self.unnamed_ok, self.unnamed),
            "speaker": ratio(self.named_ok + self.unnamed_ok, self.named + self.unnamed),
            "precision": ratio(self.correct, self.emitted), "emitted": self.emitted,
            "wrong_named": self.wrong_named, "gold_cues": self.cues,
            "gold_named": self.named, "gold_unnamed": self.unnamed,
        }


def score_item(item: Item, found: list[Emitted]) -> Tally:
    """Counts of one item against the reports found in its document."""
    text = item.text
    t = Tally(items=1, emitted=len(found))
    golds = [trim(text, p) for r in item.reports for p in r.parts]
    preds = [trim(text, e.span) for e in found]
    t.correct = sum(1 for p in preds if any(_overlaps(p, g) for g in golds))
    for report in item.reports:
        parts = [trim(text, p) for p in report.parts]
        matched = [e for e, p in zip(found, preds, strict=True) if p in parts]
        t.parts += len(parts)
        t.content += sum(1 for p in parts if p in preds)
        if report.cue is not None:
            t.cues += 1
            cue = trim(text, report.cue)
            t.cue_ok += any(e.cue is not None and trim(text, e.cue) == cue for e in matched)
        gold = report.speaker
        right = [e for e in matched if gold is not None and (
            any(_overlaps(gold, m) for m in e.named) if report.named
            else not e.named and e.unnamed is not None and _overlaps(gold, e.unnamed))]
        if gold is not None and report.named:
            t.named += 1
            t.named_ok += bool(right)
        elif gold is not None:
            t.unnamed += 1
            t.unnamed_ok += bool(right)
        t.wrong_named += sum(1 for e in matched if e.named and not (
            gold is not None and report.named and any(_overlaps(gold, m) for m in e.named)))
    return t


def evaluate(
    items: Iterable[Item], analyze: Callable[[str], Any] | None = None,
) -> dict[str, Any]:
    """Scores overall and per family, plus the items whose reports were missed."""
    if analyze is None:
        import letopis

        analyze = letopis.analyze
    total, families = Tally(), dict[str, Tally]()
    misses = []
    for item in items:
        tally = score_item(item, emitted(analyze(item.text)))
        total.add(tally)
        families.setdefault(item.family, Tally()).add(tally)
        if (tally.content < tally.parts or tally.cue_ok < tally.cues
                or tally.named_ok < tally.named or tally.unnamed_ok < tally.unnamed
                or tally.correct < tally.emitted):
            misses.append({"line": item.line, "family": item.family, "text": item.text})
    return {
        "overall": total.scores(),
        "families": {k: v.scores() for k, v in sorted(families.items())},
        "misses": misses,
    }


def markdown(result: dict[str, Any]) -> str:
    """The scores as a Markdown table (one row per family and the total)."""
    def cell(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    cols = ("content", "cue", "speaker_named", "speaker_unnamed", "precision")
    lines = ["| family | items | " + " | ".join(cols) + " | wrong named |",
             "|---|---:|" + "---:|" * (len(cols) + 1)]
    rows = [*result["families"].items(), ("all", result["overall"])]
    for name, s in rows:
        lines.append(f"| {name} | {s['items']} | " + " | ".join(cell(s[c]) for c in cols)
                     + f" | {s['wrong_named']} |")
    return "\n".join(lines) + "\n"
