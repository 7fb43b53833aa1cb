"""Russian names of NEREL's entity labels and of the quotation kinds, for the web pages
and the HTML report (the codes stay in data, exports and the API)."""

from __future__ import annotations

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
