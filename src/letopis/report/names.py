"""Russian names of NEREL's entity labels and of the quotation kinds, for the web pages
and the HTML report (the codes stay in data, exports and the API)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LABEL_NAMES_RU: dict[str, str] = {
    "PERSON": "персона", "ORGANIZATION": "организация", "LOCATION": "место",
    "COUNTRY": "страна", "CITY": "город", "STATE_OR_PROVINCE": "регион",
    "DISTRICT": "район", "FACILITY": "сооружение", "DATE": "дата", "TIME": "время",
    "AGE": "возраст", "EVENT": "событие", "WORK_OF_ART": "произведение", "LAW": "закон",
    "PRODUCT": "изделие", "AWARD": "награда", "PROFESSION": "профессия",
    "IDEOLOGY": "идеология", "RELIGION": "религия", "NATIONALITY": "национальность",
    "FAMILY": "семья", "LANGUAGE": "язык", "CRIME": "преступление", "PENALTY": "наказание",
    "DISEASE": "болезнь", "MONEY": "деньги", "NUMBER": "число", "ORDINAL": "порядковое",
    "PERCENT": "процент",
}

KIND_NAMES_RU: dict[str, str] = {"quotation": "цитата", "title": "название",
                                 "term": "термин", "claim": "утверждение"}


def label_name(label: str, lang: str = "ru") -> str:
    """A NEREL label as the reader's language names it (the code itself in English)."""
    if lang != "ru":
        return label
    return LABEL_NAMES_RU.get(label, label)


def kind_name(kind: str, lang: str = "ru") -> str:
    """A quotation kind (quotation, title, term) in the reader's language."""
    return KIND_NAMES_RU.get(kind, kind) if lang == "ru" else kind


# The report's own words in Russian (the report is written in English and translated
# here; ``language("en")`` keeps it English).
REPORT_RU: dict[str, str] = {
    "Timeline": "Хронология", "Text": "Текст", "Entities": "Сущности",
    "Quotations": "Цитаты", "Claims": "Утверждения", "Events": "События", "Facts": "Факты",
    "quotations": "цитаты", "claims": "утверждения", "cues": "слова-сигналы",
    "no mentions": "нет упоминаний", "no entities": "нет сущностей",
    "no quotations": "нет цитат", "no claims": "нет утверждений", "no relations": "нет связей",
    "no events": "нет событий", "no facts": "нет фактов", "no dates": "нет дат",
    "no documents": "нет документов", "speaker": "говорящий", "holder": "кто утверждает",
    "source": "источник", "cue": "сигнал", "author": "автор", "date": "дата",
    "archive": "архив", "language": "язык", "orthography": "орфография",
    "calendar": "календарь", "show or hide": "показать или скрыть",
    "mentions not joined into an entity": "упоминания, не объединённые в сущность",
    "show mentions": "показать упоминания", "not placed on the axis": "вне оси",
    "exact": "точно", "approximate ~": "приблизительно ~", "uncertain ?": "под вопросом ?",
    "unspecified X": "неуточнённые цифры X", "open ..": "открытый интервал ..",
    "evidence": "свидетельство", "when": "когда", "where": "где",
    "participants": "участники", "parts": "части",
}

# Singular, few (2-4) and many forms of the counted nouns.
COUNTS_RU: dict[str, tuple[str, str, str]] = {
    "character": ("символ", "символа", "символов"),
    "mention": ("упоминание", "упоминания", "упоминаний"),
    "entity": ("сущность", "сущности", "сущностей"),
    "date": ("дата", "даты", "дат"), "quotation": ("цитата", "цитаты", "цитат"),
    "claim": ("утверждение", "утверждения", "утверждений"),
    "relation": ("связь", "связи", "связей"),
    "document": ("документ", "документа", "документов"),
}

_LANG: ContextVar[str] = ContextVar("letopis_report_lang", default="ru")


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Write the report (and the web's document section) in ``lang`` (ru or en)."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def current() -> str:
    """The report's language now."""
    return _LANG.get()


def t(text: str) -> str:
    """One of the report's words in its language."""
    return REPORT_RU.get(text, text) if _LANG.get() == "ru" else text


def count(n: int, one: str, many: str) -> str:
    """``n`` and the noun in the right form (``3 mentions``, ``3 упоминания``)."""
    forms = COUNTS_RU.get(one)
    if _LANG.get() != "ru" or forms is None:
        return f"{n} {one if n == 1 else many}"
    tail, tens = n % 10, n % 100
    form = forms[0] if tail == 1 and tens != 11 else \
        forms[1] if 2 <= tail <= 4 and not 12 <= tens <= 14 else forms[2]
    return f"{n} {form}"


def label(code: str) -> str:
    """A NEREL label in the report's language."""
    return label_name(code, _LANG.get())


def kind(code: str) -> str:
    """A quotation kind in the report's language."""
    return kind_name(code, _LANG.get())
