"""Layouts of the entity page's network and timeline drawings."""

from __future__ import annotations

from letopis.store.results import Cooccurrence, DatedMention, EntityInfo
from letopis.web.graphics import HEIGHT, WIDTH, network, timeline


def _info(i: int) -> EntityInfo:
    return EntityInfo(f"E{i}", "PERSON", f"Имя {i}", 1, 1)


def test_network_places_neighbours_on_a_circle_with_their_edges() -> None:
    around = [Cooccurrence(_info(i), i) for i in range(1, 5)]
    links = {("E1", "E2"): 1, ("E1", "E9"): 3}

    def pairs(ids: list[str]) -> dict[tuple[str, str], int]:
        return {k: n for k, n in links.items() if k[0] in ids and k[1] in ids}

    net = network(_info(0), around, pairs)
    assert [n.id for n in net.nodes] == ["E0", "E1", "E2", "E3", "E4"]
    assert all(0 <= n.x <= WIDTH and 0 <= n.y <= HEIGHT for n in net.nodes)
    pairs = {(e.a.id, e.b.id) for e in net.edges}
    assert ("E1", "E2") in pairs and len(pairs) == 5  # 4 spokes + one neighbour pair
    assert max(e.width for e in net.edges) == 5.0


def test_network_alone() -> None:
    net = network(_info(0), [], lambda ids: {})
    assert len(net.nodes) == 1 and not net.edges


def _dated(lo: int, hi: int) -> DatedMention:
    return DatedMention("d", "m1", 0, 4, "Пётр", "x", lo, hi)


def test_timeline_spans_the_years_and_clamps_open_ends() -> None:
    line = timeline([_dated(1956, 1956), _dated(1930, 1939), _dated(-999999, 1940)])
    xs = [m.x for m in line.marks]
    assert xs[1] == line.left and xs[2] == line.left and xs[0] > xs[1]
    assert all(m.x + m.width <= line.right + 0.1 for m in line.marks)
    assert line.ticks and line.ticks[0].year >= 1930 and line.ticks[-1].year <= 1957


def test_timeline_without_years_lists_dates_loose() -> None:
    line = timeline([_dated(-999999, 999999)])
    assert not line.marks and len(line.loose) == 1
