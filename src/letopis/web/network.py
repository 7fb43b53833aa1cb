"""The entity page's network: neighbours ranked by association, typed relation edges,
labels laid out without overlaps, a cap with "show more".

Association is counted within the entity's own documents (the first ``MAX_DOCS``): a
mention of another entity is *near* when it starts within ``WINDOW`` characters of one
of the entity's mentions (about a sentence or a short paragraph either side). Each
neighbour gets Dunning's log-likelihood ratio G² of its 2x2 table (its mentions near /
not near, against every other mention near / not near), negative when it is near less
often than chance; highest first, ties by the mentions near. A name that is everywhere in those
documents but never beside the entity scores low; one that keeps it company scores high.
"""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from letopis.kb.facts import relation_name
from letopis.store.relations import has_relations
from letopis.store.results import EntityInfo

WINDOW = 300  # characters either side of a mention
MAX_DOCS = 200  # the entity's documents scanned (the first ones, in store order)
MAX_SHOWN = 48
STEP = 12
WIDTH, HEIGHT = 760, 520
LINE = 14  # px a label moves at a time to get clear of another
CHAR = 6.8  # px a character of a label takes (11 px font), an estimate
NAME = 24  # characters of a name shown


@dataclass
class Neighbour:
    """An entity near the centre's mentions: its counts and association score."""

    entity: EntityInfo
    near: int  # its mentions near the centre
    total: int  # its mentions in the scanned documents
    score: float  # G² (log-likelihood ratio)


@dataclass
class Placed:
    """A node on the drawing with its label's anchor point and alignment."""

    id: str
    name: str
    label: str
    x: float
    y: float
    r: float
    tx: float = 0.0
    ty: float = 0.0
    anchor: str = "middle"
    centre: bool = False
    near: int = 0
    score: float = 0.0


@dataclass
class Link:
    """A spoke (association) or a typed relation between two placed nodes."""

    a: Placed
    b: Placed
    width: float
    kind: str = "near"  # or "relation"
    name: str = ""


@dataclass
class Drawing:
    """The network to draw, and how many neighbours there were in all."""

    nodes: list[Placed] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    found: int = 0
    shown: int = 0
    width: int = WIDTH
    height: int = HEIGHT


def g2(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood ratio of a 2x2 table (0 for an empty one)."""
    total = k11 + k12 + k21 + k22
    if total == 0:
        return 0.0
    rows, cols = (k11 + k12, k21 + k22), (k11 + k21, k12 + k22)
    score = 0.0
    for k, r, c in ((k11, 0, 0), (k12, 0, 1), (k21, 1, 0), (k22, 1, 1)):
        expected = rows[r] * cols[c] / total
        if k > 0 and expected > 0:
            score += k * math.log(k / expected)
    return 2 * score


def _counts(conn: sqlite3.Connection, entity_id: str) -> tuple[dict[str, list[int]], int, int]:
    """Per other entity [near, total] mentions in the centre's documents; and the totals."""
    docs = [r[0] for r in conn.execute(
        "SELECT doc FROM doc_entities WHERE entity = ? ORDER BY doc LIMIT ?",
        (entity_id, MAX_DOCS))]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    near_all = every = 0
    for doc in docs:
        rows = conn.execute("SELECT start, entity FROM mentions WHERE doc = ?"
                            " AND entity IS NOT NULL", (doc,)).fetchall()
        mine = sorted(start for start, ent in rows if ent == entity_id)
        for start, ent in rows:
            if ent == entity_id:
                continue
            i = bisect_left(mine, start - WINDOW)
            near = i < len(mine) and mine[i] <= start + WINDOW
            counts[ent][0] += near
            counts[ent][1] += 1
            near_all += near
            every += 1
    return counts, near_all, every


def neighbours(conn: sqlite3.Connection, entity_id: str,
               label: str | None = None) -> list[Neighbour]:
    """Entities associated with ``entity_id`` within its documents, strongest first;
    ``label`` keeps one NEREL label."""
    counts, near_all, every = _counts(conn, entity_id)
    scored = []
    for ent, (near, total) in counts.items():
        if near == 0:
            continue
        score = g2(near, total - near, near_all - near, every - near_all - total + near)
        if near * every < total * near_all:  # nearer less often than chance: ranked last
            score = -score
        scored.append((ent, near, total, score))
    infos = _infos(conn, [s[0] for s in scored])
    found = [Neighbour(infos[e], n, t, s) for e, n, t, s in scored
             if e in infos and (label is None or infos[e].label == label)]
    found.sort(key=lambda x: (-x.score, -x.near, x.entity.name))
    return found


def _infos(conn: sqlite3.Connection, ids: list[str]) -> dict[str, EntityInfo]:
    out: dict[str, EntityInfo] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        for row in conn.execute("SELECT id, label, name, n_docs, n_mentions FROM entities"
                                f" WHERE id IN ({marks})", part):
            out[row[0]] = EntityInfo(*row)
    return out


def relation_links(conn: sqlite3.Connection, ids: list[str]) -> list[tuple[str, str, str]]:
    """(head, tail, Russian type name) of the relations among the entities ``ids``."""
    if len(ids) < 2 or not has_relations(conn):
        return []  # a store written before relations has none
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        "SELECT head_entity, tail_entity, type, count(*) AS n FROM relations"
        f" WHERE head_entity IN ({marks}) AND tail_entity IN ({marks})"
        " AND head_entity != tail_entity GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 60",
        [*ids, *ids])
    return [(str(h), str(t), relation_name(str(kind))) for h, t, kind, _ in rows]


def layout(centre: EntityInfo, found: list[Neighbour], shown: int,
           relations: list[tuple[str, str, str]]) -> Drawing:
    """The centre in the middle, the first ``shown`` neighbours on a circle; labels
    outside the circle, aligned away from it and spread so that none overlaps."""
    cx, cy, radius = WIDTH / 2, HEIGHT / 2, min(WIDTH, HEIGHT) / 2 - 70
    mid = Placed(centre.id, centre.name, centre.label, cx, cy, 16, cx, cy + 30, centre=True)
    drawing = Drawing(nodes=[mid], found=len(found), shown=min(shown, len(found)))
    top = max((n.score for n in found[:shown]), default=0.0)
    top = top if top > 0 else 1.0
    for i, nb in enumerate(found[:shown]):
        angle = 2 * math.pi * i / max(1, min(shown, len(found))) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        node = Placed(nb.entity.id, nb.entity.name, nb.entity.label, round(x, 1),
                      round(y, 1), round(5 + 7 * max(nb.score, 0) / top, 1), near=nb.near,
                      score=round(nb.score, 1))
        _label(node, angle)
        drawing.nodes.append(node)
        drawing.links.append(Link(mid, node, round(1 + 4 * max(nb.score, 0) / top, 1)))
    _spread(drawing)
    placed = {n.id: n for n in drawing.nodes}
    for head, tail, name in relations:
        if head in placed and tail in placed:
            drawing.links.append(Link(placed[head], placed[tail], 2.0, "relation", name))
    return drawing


def _label(node: Placed, angle: float) -> None:
    """Put the label beside the node, away from the centre."""
    cos = math.cos(angle)
    gap = node.r + 4
    if abs(cos) < 0.3:  # top or bottom: centred above or below
        node.anchor = "middle"
        node.tx = node.x
        node.ty = node.y - gap - 2 if math.sin(angle) < 0 else node.y + gap + 10
    else:
        node.anchor = "start" if cos > 0 else "end"
        node.tx = node.x + gap if cos > 0 else node.x - gap
        node.ty = node.y + 4


def label_box(node: Placed) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) a node's label takes, by an estimate of its width
    (``CHAR`` px a character at the drawing's 11 px font, at most ``NAME`` characters)."""
    width = CHAR * min(len(node.name), NAME)
    left = {"start": node.tx, "end": node.tx - width, "middle": node.tx - width / 2}[node.anchor]
    return left, node.ty - 11, left + width, node.ty + 3


def _hits(box: tuple[float, float, float, float],
          boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in boxes)


def _spread(drawing: Drawing) -> None:
    """Move labels away from the centre, one line at a time, until none overlaps another
    label or the centre's; grow the drawing to hold them."""
    mid = drawing.nodes[0]
    boxes = [label_box(mid)]
    for node in sorted(drawing.nodes[1:], key=lambda n: abs(n.ty - mid.y)):
        step = -LINE if node.ty < mid.y else LINE
        while _hits(label_box(node), boxes):
            node.ty += step
        boxes.append(label_box(node))
    top = min(b[1] for b in boxes) - 8
    bottom = max(b[3] for b in boxes) + 8
    shift = max(0.0, -top)
    for node in drawing.nodes:
        node.y, node.ty = round(node.y + shift, 1), round(node.ty + shift, 1)
    drawing.height = int(max(HEIGHT, bottom + shift))
