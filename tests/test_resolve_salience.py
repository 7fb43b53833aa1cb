"""Pronoun resolution by salience, on the team's own multi-sentence texts."""

import re

from letopis.doc import Document, Entity, check_spans
from letopis.morph import parse, tag_morph
from letopis.resolve.salience import resolve_pronoun, resolve_pronouns
from letopis.segment import segment


def build(text: str, persons: tuple[str, ...]) -> Document:
    """Tokens with morphology, PERSON mentions by hand, one entity per surname lemma."""
    doc = tag_morph(segment(Document(text)))
    for person in persons:
        for hit in re.finditer(rf"(?<!\w){re.escape(person)}(?!\w)", text):
            doc.add_mention(hit.start(), hit.end(), "PERSON")
    by_lemma: dict[str, Entity] = {}
    for m in doc.mentions:
        last = m.text.split()[-1]
        parses = parse(last)
        lemma = next((p for p in parses if "Surn" in p.tag or "Name" in p.tag),
                     parses[0]).normal_form
        entity = by_lemma.setdefault(lemma, Entity(f"e{len(by_lemma) + 1}", "PERSON", m.text))
        if entity not in doc.entities:
            doc.entities.append(entity)
        entity.mentions.append(m.id)
        m.entity = entity.id
    check_spans(doc)
    return doc


def referent(doc: Document, pronoun: str, nth: int = 0) -> str | None:
    """Name of the entity the nth token spelled ``pronoun`` resolves to."""
    hits = [i for i, t in enumerate(doc.tokens) if t.text == pronoun]
    entity = resolve_pronoun(doc, hits[nth])
    return None if entity is None else doc.entity(entity).name


def test_subject_beats_a_nearer_genitive():
    doc = build("Историк Белов долго изучал губернские архивы. После смерти Громова он "
                "возглавил институт.", ("Белов", "Громова"))
    assert referent(doc, "он") == "Белов"


def test_subject_beats_a_nearer_parenthesized_list():
    doc = build("Министр Лебедев выступил перед директорами заводов (Орлов, Зайцев и "
                "Тихонов). Он потребовал отчётов.", ("Лебедев", "Орлов", "Зайцев", "Тихонов"))
    assert referent(doc, "Он") == "Лебедев"


def test_gender_filters_candidates():
    doc = build("Анна Лапина приехала в Тверь. Её встретил Сомов. Она сразу пошла в архив.",
                ("Анна Лапина", "Сомов"))
    assert referent(doc, "Она") == "Анна Лапина"
    assert referent(doc, "Её") == "Анна Лапина"


def test_gender_from_past_verb_agreement():
    doc = build("Орлова выступила первой. Затем говорил Сомов. Она не согласилась с ним.",
                ("Орлова", "Сомов"))
    assert referent(doc, "Она") == "Орлова"
    assert referent(doc, "ним") == "Сомов"


def test_new_subject_takes_over_after_decay():
    doc = build("Сомов приехал в Тверь. Прошло три года. Потом Лапин возглавил архив. "
                "Он работал там долго.", ("Сомов", "Лапин"))
    assert referent(doc, "Он") == "Лапин"


def test_resolved_pronoun_keeps_its_antecedent_salient():
    doc = build("Белов спорил с Громовым. Он требовал открыть фонды. Он добился своего.",
                ("Белов", "Громовым"))
    assert referent(doc, "Он", 0) == "Белов"
    assert referent(doc, "Он", 1) == "Белов"


def test_plural_pronoun_is_not_one_person():
    doc = build("Белов и Громов спорили. Они не договорились.", ("Белов", "Громов"))
    assert referent(doc, "Они") is None


def test_pronoun_inside_a_quotation_is_not_resolved():
    doc = build("Белов сказал: «Он не придёт».", ("Белов",))
    assert referent(doc, "Он") is None


def test_names_inside_a_quotation_do_not_gain_salience():
    doc = build("Белов вспоминал: «Громов писал мне каждый день. Громов был упрям». "
                "Он рассказывал это часто.", ("Белов", "Громов"))
    assert referent(doc, "Он") == "Белов"


def test_no_antecedent():
    doc = build("Он вошёл без стука.", ())
    assert referent(doc, "Он") is None
    assert resolve_pronouns(doc) == {}


def test_shared_view_is_reused_until_the_document_changes():
    """Quotes and claims share one view; a changed mention or token rebuilds it; the
    last user forgets it."""
    from letopis.resolve import salience
    from letopis.resolve.salience import shared_view

    doc = build("Иван Петров приехал в город. Он сказал, что всё хорошо.", ("Иван Петров",))
    view, pronouns = shared_view(doc)
    assert shared_view(doc) == (view, pronouns)
    assert pronouns == resolve_pronouns(doc)
    doc.mentions[0].entity = None
    rebuilt, again = shared_view(doc)
    assert rebuilt is not view and again == resolve_pronouns(doc) == {}
    doc.tokens[0].pos = "CONJ"
    assert shared_view(doc)[0] is not rebuilt
    other = build("Иван Петров приехал в город. Он сказал, что всё хорошо.", ("Иван Петров",))
    kept = shared_view(other)[0]
    assert kept is not view and shared_view(other, keep=False)[0] is kept
    assert salience._shared == []
