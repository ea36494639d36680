"""Build ``norway-outline.json`` from the Natural Earth 1:50m TopoJSON in world-atlas.

Usage::

    python build_outline.py path/to/world-atlas/countries-50m.json [output.json]

The input is the ``countries-50m.json`` file of the npm package ``world-atlas``
(version 2.x). The script needs nothing but the Python standard library: it
decodes the TopoJSON arcs itself, keeps the polygons of Norway (ISO 3166
numeric id ``578``) that lie on the mainland and its coastal islands (Svalbard,
Jan Mayen and Bouvet Island are dropped), projects them with a spherical
transverse Mercator projection centred on 15° E (the central meridian of
UTM zone 33, which Norwegian national maps use), simplifies the rings with
Douglas-Peucker and writes an SVG path together with the projection
parameters, so that markers can later be placed in the same coordinate space.

The output is deterministic: the same input file always gives the same bytes.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

NORWAY_ID = "578"
WORLD_ATLAS_VERSION = "2.0.2"
NATURAL_EARTH_VERSION = "4.1.0"  # the edition world-atlas 2.x is built from

# Polygons whose every point lies inside this box are kept (lon/lat degrees).
KEEP_LON = (4.0, 32.0)
KEEP_LAT = (57.5, 71.5)

# Projection: spherical transverse Mercator.
LON0 = 15.0  # central meridian, degrees
LAT0 = 65.0  # latitude of origin, degrees (only shifts y)

# Target drawing: fixed width, height follows from the shape.
WIDTH = 400.0
PADDING = 10.0

# Simplification tolerance and smallest island kept, in output (viewBox) units.
TOLERANCE = 0.3
MIN_RING_AREA = 1.0


def tm_forward(lat: float, lon: float) -> tuple[float, float]:
    """Spherical transverse Mercator on the unit sphere, y grows northwards."""
    phi = math.radians(lat)
    lam = math.radians(lon - LON0)
    b = math.cos(phi) * math.sin(lam)
    x = 0.5 * math.log((1.0 + b) / (1.0 - b))
    y = math.atan2(math.tan(phi), math.cos(lam)) - math.radians(LAT0)
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode the quantised, delta-encoded arcs into lon/lat lists."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            qx = qy = 0
            for dx, dy in arc:
                qx += dx
                qy += dy
                points.append((qx * sx + tx, qy * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indices:
        if index >= 0:
            part = arcs[index]
        else:
            part = list(reversed(arcs[~index]))
        if ring:
            part = part[1:]  # first point repeats the previous arc's last one
        ring.extend(part)
    return ring


def norway_polygons(topology: dict) -> list[list[list[tuple[float, float]]]]:
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if str(geometry.get("id")) == NORWAY_ID:
            break
    else:
        raise SystemExit("Norway (id 578) not found in the topology")
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise SystemExit(f"unexpected geometry type {geometry['type']}")
    kept = []
    for polygon in polygons:
        rings = [ring_from_arcs(r, arcs) for r in polygon]
        outer = rings[0]
        if all(
            KEEP_LON[0] <= lon <= KEEP_LON[1] and KEEP_LAT[0] <= lat <= KEEP_LAT[1]
            for lon, lat in outer
        ):
            kept.append(rings)
    return kept


def douglas_peucker(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Iterative Douglas-Peucker keeping both end points."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(first + 1, last):
            px, py = points[i]
            if seg2 == 0.0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / seg2
                t = max(0.0, min(1.0, t))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((first, best))
            stack.append((best, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Simplify a closed ring: split at the point farthest from the start."""
    if ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 4:
        return ring
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: ((ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2, -i))
    first = douglas_peucker(ring[: far + 1], tol)
    second = douglas_peucker(ring[far:] + [ring[0]], tol)
    return first[:-1] + second[:-1]


def ring_area(ring: list[tuple[float, float]]) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        s += x1 * y2 - x2 * y1
    return abs(s) / 2.0


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if text == "-0":
        text = "0"
    return text


def build(topology: dict) -> dict:
    polygons = norway_polygons(topology)
    projected = [[[tm_forward(lat, lon) for lon, lat in ring] for ring in poly] for poly in polygons]
    xs = [x for poly in projected for ring in poly for x, _ in ring]
    ys = [y for poly in projected for ring in poly for _, y in ring]
    xmin, xmax, ymin, ymax = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * PADDING) / (xmax - xmin)
    height = math.ceil((ymax - ymin) * scale + 2 * PADDING)
    # Round the parameters so the saved projection reproduces the path exactly.
    scale = round(scale, 6)
    xmin = round(xmin, 9)
    ymax = round(ymax, 9)

    def to_view(p: tuple[float, float]) -> tuple[float, float]:
        return ((p[0] - xmin) * scale + PADDING, (ymax - p[1]) * scale + PADDING)

    parts = []
    rings_kept = 0
    for poly in projected:
        for ring in poly:
            view = [to_view(p) for p in ring]
            if ring_area(view) < MIN_RING_AREA:
                continue
            simple = simplify_ring(view, TOLERANCE)
            coords = []
            last = None
            for x, y in simple:
                pair = (fmt(x), fmt(y))
                if pair != last:
                    coords.append(pair)
                last = pair
            if len(coords) < 3:
                continue
            rings_kept += 1
            parts.append(
                "M" + coords[0][0] + " " + coords[0][1]
                + "L" + " ".join(f"{x} {y}" for x, y in coords[1:]) + "Z"
            )
    path = "".join(parts)
    return {
        "viewbox": f"0 0 {fmt(WIDTH)} {height}",
        "width": WIDTH,
        "height": height,
        "path": path,
        "rings": rings_kept,
        "projection": {
            "type": "spherical-transverse-mercator",
            "description": (
                "x0 = atanh(cos(lat) * sin(lon - lon0)); "
                "y0 = atan2(tan(lat), cos(lon - lon0)) - lat0 (radians, unit sphere); "
                "x = (x0 - x_min) * scale + padding; y = (y_max - y0) * scale + padding"
            ),
            "lon0": LON0,
            "lat0": LAT0,
            "x_min": xmin,
            "y_max": ymax,
            "scale": scale,
            "padding": PADDING,
        },
        "simplification": {
            "method": "Douglas-Peucker",
            "tolerance": TOLERANCE,
            "min_ring_area": MIN_RING_AREA,
            "units": "viewBox units",
        },
        "source": (
            f"Natural Earth {NATURAL_EARTH_VERSION} 1:50m Admin 0 countries, via the npm package "
            f"world-atlas {WORLD_ATLAS_VERSION} (countries-50m.json); Norway, id 578, "
            "mainland and coastal islands only (Svalbard, Jan Mayen and Bouvet Island dropped)"
        ),
        "licence": (
            "Natural Earth data: public domain (naturalearthdata.com/about/terms-of-use). "
            "world-atlas packaging: ISC licence, Copyright 2013-2019 Michael Bostock"
        ),
    }


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    source = Path(argv[1])
    target = Path(argv[2]) if len(argv) == 3 else Path(__file__).with_name("norway-outline.json")
    topology = json.loads(source.read_text(encoding="utf-8"))
    result = build(topology)
    target.write_text(
        json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(
        f"wrote {target}: {result['rings']} rings, path {len(result['path'])} bytes, "
        f"viewBox {result['viewbox']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
