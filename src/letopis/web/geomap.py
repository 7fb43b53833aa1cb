"""Maps drawn offline: the places of a document, an entity's neighbourhood or the corpus.

Points come from the coordinates the knowledge base gives linked entities
(``letopis.kb.authority``: GeoNames). The base geography is Natural Earth's 1:110 m
country outlines from the npm package ``world-atlas`` (TopoJSON; the data public domain,
the package ISC), fetched from the registry by ``make`` into ``static/vendor/`` and never
committed; without it a map is drawn on a graticule alone and says so.

Projection: equirectangular in "map units" (x = longitude + 180, y = 90 - latitude), with x
scaled by the cosine of the latitude at the middle of the shown box, so shapes near Moscow
are not stretched twice their width. The outlines are decoded once (``outlines``); a map
inlines those that meet its box, in map units under a ``scale(k 1)``, with strokes that do
not scale, so the page's viewBox alone zooms it.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from markupsafe import Markup

from letopis.report.markup import e

BASE_FILE = ("static", "vendor", "world-atlas", "countries-110m.json")
MIN_SPAN = 16.0  # degrees of latitude a zoomed map shows at least
MIN_RATIO = 0.45  # height / width of a zoomed map at least
PAD = 0.18  # share of the points' span added on every side
MAX_PLACES = 400  # points a map draws (the largest first)
LABELS = 40  # at most this many points get a label; the rest have a tooltip


@dataclass(frozen=True)
class Place:
    """A linked entity with coordinates, as a map shows it."""

    id: str
    name: str
    label: str
    lat: float
    lon: float
    weight: int  # mentions in the scope
    geonames: str | None = None
    wikidata: str | None = None
    focus: bool = False
    area: str | None = None  # a country drawn shaded: its ISO 3166-1 numeric code
    authority: str | None = None  # the knowledge base's name (the map's label)

    @property
    def shown(self) -> str:
        """The label on the map: the authority's name, else the entity's."""
        return self.authority or self.name


# -- the base geography -------------------------------------------------------------

@cache
def base_topology() -> dict | None:
    """The world-atlas TopoJSON, or None when the build did not fetch it."""
    path = files("letopis.web").joinpath(*BASE_FILE)
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (lon, lat) points: delta-decoded and transformed when quantized."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if transform is None:
            out.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


Points = list[tuple[float, float]]


def ring_points(ring: list[int], arcs: list[Points]) -> Points:
    """A ring's points from its arc indexes (``~i`` is arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def polygons(geometry: dict) -> list[list[list[int]]]:
    """The polygons (lists of rings of arc indexes) of a TopoJSON geometry."""
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with longitudes made continuous (no 360-degree jump at the antimeridian:
    Chukotka and Fiji run on past x = 360 instead of striping the map)."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def path_data(points: list[tuple[float, float]]) -> str:
    """An SVG subpath in map units (x = lon + 180, y = 90 - lat), closed."""
    coords = [f"{lon + 180:.2f} {90 - lat:.2f}" for lon, lat in unwrap(points)]
    return "M" + "L".join(coords) + "Z" if coords else ""


@dataclass(frozen=True)
class Outline:
    """One country's outline in map units, with its bounding box there."""

    id: str  # ISO 3166-1 numeric code (world-atlas's geometry id)
    name: str
    d: str
    x0: float
    y0: float
    x1: float
    y1: float
    center: tuple[float, float]  # (lon, lat): centroid of the largest ring


@cache
def outlines() -> tuple[Outline, ...] | None:
    """Every country's outline (map units: x = lon + 180, y = 90 - lat), or None."""
    topology = base_topology()
    if topology is None:
        return None
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = [ring_points(ring, arcs) for polygon in polygons(geometry) for ring in polygon]
        points = [p for ring in rings for p in ring]
        if not points:
            continue
        xs = [lon + 180 for lon, _ in points]
        ys = [90 - lat for _, lat in points]
        name = (geometry.get("properties") or {}).get("name", "")
        out.append(Outline(str(geometry.get("id", "")), name,
                           "".join(path_data(r) for r in rings),
                           min(xs), min(ys), max(xs), max(ys),
                           centroid(max((unwrap(r) for r in rings), key=area))))
    return tuple(out)


def area(ring: list[tuple[float, float]]) -> float:
    """The ring's area in square degrees (shoelace; unsigned)."""
    return abs(_shoelace(ring)[0])


def _shoelace(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a / 2, cx, cy


def centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The ring's centroid (lon, lat), longitude brought back into -180..180."""
    a, cx, cy = _shoelace(ring)
    if abs(a) < 1e-9:
        lon, lat = ring[0]
    else:
        lon, lat = cx / (6 * a), cy / (6 * a)
    return ((lon + 180) % 360) - 180, lat


@cache
def country_outline(alpha2: str) -> Outline | None:
    """The outline of the country with this ISO 3166-1 alpha-2 code, if drawn."""
    try:
        import pycountry
    except ImportError:
        return None
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    shapes = outlines()
    if found is None or shapes is None:
        return None
    return next((o for o in shapes if o.id == found.numeric), None)


def base_layer(b: Box, shaded: frozenset[str] = frozenset()) -> str:
    """The outlines that meet the box, scaled by the projection's x factor; the countries
    in ``shaded`` (numeric codes) filled as places of the scope."""
    shapes = outlines()
    if shapes is None:
        return ""
    x0, x1 = b.x / b.k, (b.x + b.w) / b.k
    y0, y1 = b.y, b.y + b.h
    hit = ' class="map-hit"'
    paths = "".join(
        f'<path d="{o.d}"{hit if o.id in shaded else ""}><title>{e(o.name)}</title></path>'
        for o in shapes if o.x0 < x1 and x0 < o.x1 and o.y0 < y1 and y0 < o.y1)
    return f'<g class="map-land" transform="scale({b.k:.5f} 1)">{paths}</g>'


# -- the places of a scope ----------------------------------------------------------

def corpus_places(conn: sqlite3.Connection) -> list[Place]:
    """Linked entities of the corpus, weighted by their mentions."""
    rows = conn.execute(
        "SELECT id, name, label, n_mentions, geonames, wikidata FROM entities "
        "WHERE geonames IS NOT NULL OR wikidata IS NOT NULL "
        "ORDER BY n_mentions DESC, id LIMIT ?", (MAX_PLACES * 4,)).fetchall()
    return located(rows)


def document_places(conn: sqlite3.Connection, doc_id: str) -> list[Place]:
    """Linked entities of one document, weighted by their mentions there."""
    rows = conn.execute(
        "SELECT e.id, e.name, e.label, SUM(de.n_mentions), e.geonames, e.wikidata "
        "FROM documents d JOIN doc_entities de ON de.doc = d.num "
        "JOIN entities e ON e.id = de.entity "
        "WHERE d.id = ? AND (e.geonames IS NOT NULL OR e.wikidata IS NOT NULL) "
        "GROUP BY e.id ORDER BY 4 DESC, e.id", (doc_id,)).fetchall()
    return located(rows)


def neighbourhood_places(conn: sqlite3.Connection, entity_id: str,
                         limit: int = 200) -> list[Place]:
    """The entity (when it has coordinates) and the linked entities of its documents,
    weighted by the documents they share with it."""
    rows = conn.execute(
        "WITH docs AS (SELECT DISTINCT doc FROM doc_entities WHERE entity = ?) "
        "SELECT e.id, e.name, e.label, COUNT(DISTINCT de.doc), e.geonames, e.wikidata "
        "FROM docs JOIN doc_entities de ON de.doc = docs.doc "
        "JOIN entities e ON e.id = de.entity "
        "WHERE e.geonames IS NOT NULL OR e.wikidata IS NOT NULL "
        "GROUP BY e.id ORDER BY (e.id = ?) DESC, 4 DESC, e.id LIMIT ?",
        (entity_id, entity_id, limit * 4)).fetchall()
    return located(rows, focus=entity_id)


def located(rows: Iterable[tuple], focus: str | None = None) -> list[Place]:
    """Places of the rows whose knowledge-base record has coordinates (largest first)."""
    from letopis.errors import LetopisError
    from letopis.kb.authority import lookup

    out: list[Place] = []
    for ident, name, label, weight, geonames, wikidata in rows:
        try:
            record = lookup(geonames) or lookup(wikidata)
        except LetopisError:
            return out  # no knowledge base: nothing can be placed
        if record is None:
            continue
        shape = None
        if record.coords is None and record.type == "COUNTRY" and record.country:
            shape = country_outline(record.country)  # a country: shaded, dot at its centre
        if shape is not None:
            lon, lat = shape.center
        elif record.coords is not None:
            lat, lon = record.coords
        else:
            continue
        out.append(Place(ident, name, label, float(lat), float(lon), int(weight or 0),
                         geonames, wikidata, ident == focus,
                         shape.id if shape is not None else None, record.name or None))
        if len(out) >= MAX_PLACES:
            break
    return out


# -- drawing ------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    """The shown part of the map in map units, with the x scale of the projection."""

    x: float
    y: float
    w: float
    h: float
    k: float  # cos(latitude at the middle): x is multiplied by it


def box(places: list[Place]) -> Box:
    """A box around the places (whole world when they span most of it)."""
    if not places:
        return Box(0, 0, 360, 180, 1.0)
    lats = [p.lat for p in places]
    lons = [p.lon for p in places]
    lat_span = max(max(lats) - min(lats), MIN_SPAN)
    lon_span = max(max(lons) - min(lons), MIN_SPAN)
    mid_lat = (max(lats) + min(lats)) / 2
    k = max(math.cos(math.radians(mid_lat)), 0.3)
    if lon_span > 200 or lat_span > 110:
        return Box(0, 0, 360, 180, 1.0)
    lat_span = max(lat_span, lon_span * k * MIN_RATIO)  # not a thin strip
    top = min(90.0, mid_lat + lat_span * (0.5 + PAD))
    bottom = max(-90.0, mid_lat - lat_span * (0.5 + PAD))
    left = (max(lons) + min(lons)) / 2 - lon_span * (0.5 + PAD) + 180
    width = lon_span * (1 + 2 * PAD)
    return Box(left * k, 90 - top, width * k, top - bottom, k)


def draw(places: list[Place], link: str = "/entities/") -> Markup:
    """The map as inline SVG: outlines, a graticule, a point per place, some labels."""
    b = box(places)
    unit = max(b.w, b.h) / 100  # one hundredth of the longer side
    base = base_layer(b, frozenset(p.area for p in places if p.area))
    parts = [f'<svg class="map" viewBox="{b.x:.3f} {b.y:.3f} {b.w:.3f} {b.h:.3f}" '
             f'role="img" aria-label="map" style="--u:{unit:.4f}px">',
             f'<rect x="{b.x:.3f}" y="{b.y:.3f}" width="{b.w:.3f}" height="{b.h:.3f}" '
             'class="map-sea"/>', base, graticule(b)]
    biggest = max((p.weight for p in places), default=1) or 1
    ranked = sorted(places, key=lambda p: (-p.focus, -p.weight, p.name))
    dots = [((p.lon + 180) * b.k, 90 - p.lat, unit * (0.5 + 1.2 * math.sqrt(p.weight / biggest)))
            for p in ranked]
    taken = [(x - r, y - r, x + r, y + r) for x, y, r in dots]  # labels avoid every dot
    for rank, (place, (x, y, r)) in enumerate(zip(ranked, dots, strict=True)):
        label = _label(place, x, y, r, unit, taken) if rank < LABELS else ""
        parts.append(
            f'<a href="{link}{e(place.id)}" class="map-place{" focus" if place.focus else ""}"'
            f' data-name="{e(place.name)}" data-wikidata="{e(place.wikidata or "")}"'
            f' data-geonames="{e(place.geonames or "")}">'
            f'<circle cx="{x:.3f}" cy="{y:.3f}" r="{r:.3f}">'
            f'<title>{e(place.shown)} · {e(place.name)} ({place.lat:.2f}, {place.lon:.2f})'
            f' · {place.weight}'
            f'</title></circle>{label}</a>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _label(place: Place, x: float, y: float, r: float, unit: float,
           taken: list[tuple[float, float, float, float]]) -> str:
    """A label right of the point unless it would overlap one already placed."""
    size = unit * 1.8
    w, h = len(place.shown) * size * 0.56, size
    own = (x - r, y - r, x + r, y + r)
    for lx, ly in ((x + r + unit * 0.5, y + h * 0.35), (x - r - unit * 0.5 - w, y + h * 0.35),
                   (x - w / 2, y - r - unit * 0.6), (x - w / 2, y + r + h)):
        rect = (lx, ly - h, lx + w, ly)
        if not any(rect[0] < o[2] and o[0] < rect[2] and rect[1] < o[3] and o[1] < rect[3]
                   for o in taken if o != own):
            taken.append(rect)
            return (f'<text x="{lx:.3f}" y="{ly:.3f}" font-size="{size:.3f}">'
                    f'{e(place.shown)}</text>')
    return ""


def graticule(b: Box) -> str:
    """Meridians and parallels every 10 or 30 degrees inside the box."""
    step = 30 if b.h > 90 else 10
    lines = []
    for lon in range(-180, 181, step):
        x = (lon + 180) * b.k
        if b.x <= x <= b.x + b.w:
            lines.append(f"M{x:.3f} {b.y:.3f}V{b.y + b.h:.3f}")
    for lat in range(-90, 91, step):
        y = 90 - lat
        if b.y <= y <= b.y + b.h:
            lines.append(f"M{b.x:.3f} {y:.3f}H{b.x + b.w:.3f}")
    return f'<path class="map-grid" d="{"".join(lines)}"/>'
