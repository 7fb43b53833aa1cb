"""A document with one linked place, for the export and web tests of linked ids."""

from letopis.doc import Document, Entity, check_spans


def linked_city(surface: str, name: str, wikidata: str, geonames: str,
                coords: list[float]) -> Document:
    """``Совещание прошло в <surface>.`` with the place linked to the given ids."""
    doc = Document(f"Совещание прошло в {surface}.")
    start = doc.text.index(surface)
    city = doc.add_mention(start, start + len(surface), "CITY")
    city.entity = "e1"
    doc.entities.append(Entity("e1", "CITY", name, mentions=[city.id], wikidata=wikidata,
                               geonames=geonames, coords=coords))
    check_spans(doc)
    return doc
