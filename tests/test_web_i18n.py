"""The interface in Russian first, English on request (issue 18, item 6)."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from letopis.report.assets import LABEL_COLORS  # noqa: E402
from letopis.report.names import LABEL_NAMES_RU, label_name  # noqa: E402
from letopis.web import i18n  # noqa: E402


def test_every_message_has_a_russian_translation() -> None:
    ru = i18n.catalog("ru")
    messages = i18n.template_messages()
    assert len(messages) > 60
    untranslated = sorted(m for m in messages if ru.gettext(m) == m and m not in ("Id",
                                                                                   "JSON API"))
    assert untranslated == []


def test_russian_names_for_every_nerel_label() -> None:
    assert set(LABEL_NAMES_RU) == set(LABEL_COLORS)
    assert label_name("PERSON") == "персона" and label_name("PERSON", "en") == "PERSON"


def test_switch_url_keeps_the_filters() -> None:
    token = i18n._here.set(("/entities", "label=PERSON&lang=ru"))
    try:
        assert i18n.switch_url("en") == "/entities?label=PERSON&lang=en"
    finally:
        i18n._here.reset(token)


def test_russian_plural_forms() -> None:
    ru = i18n.catalog("ru")
    forms = [ru.ngettext("%(num)d document", "%(num)d documents", n) % {"num": n}
             for n in (1, 3, 5, 11, 21)]
    assert forms == ["1 документ", "3 документа", "5 документов", "11 документов",
                     "21 документ"]
