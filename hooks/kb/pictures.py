"""Pictures drawn at build time as standalone SVG: no script, no request to anyone.

Three pictures, each with a `*_facts` function that returns the same facts as
rows for the table or list shown next to it:

- relationship_map: who signed which agreement and who took part in which
  operation, for the whole knowledge base or centred on one record;
- series_chart: the figures of one series over time, as labelled bars;
- timeline_strip: every dated record as a mark over the years.

Everything is plain string building. Every text comes from the data or from
the callables the caller passes (labels, interface words, number formats) and
is escaped here; links go only to the values the `href` callable returns. The
same input always gives byte-identical output: nodes, bars and marks are
ordered by the data and their ids, never by chance. Colours keep at least
4.5:1 contrast on white and every kind also has its own shape, so no meaning
rests on colour alone. The root <svg> is role="group" (role="img" may not hold
links: axe's nested-interactive), named by its <title> and described by its
<desc>; the links inside take no keyboard focus because the
table or list next to the picture carries the same links for keyboard and
screen reader users.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from typing import Callable, Iterable, Sequence

from . import dates
from .model import KnowledgeBase, Record

# Widths of the viewBox. NARROW reads on a 390 px phone at about its own size;
# WIDE suits a desktop column (the template shows one or the other, or puts a
# wide one in a box that scrolls sideways).
NARROW = 360
WIDE = 760

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
INK = "#222222"  # text: 15.9:1 on white
MUTED = "#595959"  # secondary text, axes: 7.0:1
EDGE = "#8a8a8a"  # lines between nodes: 3.5:1
GRID = "#d0d0d0"  # gridlines only: they carry no meaning of their own
BACKGROUND = "#ffffff"

# One colour (at least 5.3:1 on white) and one shape per collection.
COLOURS = {
    "actors": "#1d5fa8",
    "agreements": "#b04a00",
    "operations": "#1e7a3c",
    "instruments": "#7b3fb0",
    "events": "#c0143c",
    "systems": "#00707f",
    "figures": "#1d5fa8",
}
SHAPES = {
    "actors": "circle",
    "agreements": "square",
    "operations": "diamond",
    "instruments": "triangle",
    "events": "star",
    "systems": "cross",
    "figures": "square",
}

MAP_KINDS = ("actors", "agreements", "operations")
# Fields drawn on the map of the whole knowledge base: who signed what, who
# took part in which operation, which agreement an operation was run under.
MAP_FIELDS = ("parties", "participants", "agreements")
TIMELINE_KINDS = ("agreements", "operations", "instruments", "events", "systems")

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


# --------------------------------------------------------------------------
# Shared pieces


def esc(text) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    return escape(_INVALID_XML.sub("", "" if text is None else str(text)), quote=True)


def safe_href(value: str) -> str:
    """The link as given, escaped; refuses schemes other than http(s) and mailto."""
    value = str(value)
    match = _SCHEME.match(value)
    if match and match.group(1).lower() not in ("http", "https", "mailto"):
        raise ValueError(f"refusing link '{value[:60]}': only site pages, http(s) and mailto")
    return esc(value)


def num(value: float) -> str:
    """A coordinate with at most one decimal, the same on every machine."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


# Advance widths (per 100 px of font size) of printable ASCII in DejaVu Sans,
# regular and bold: the widest of the usual sans-serif fonts, so a label that
# fits here fits in Roboto, Segoe UI or San Francisco too.
_WIDTHS = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)
_WIDTHS_BOLD = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70,
    70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85,
    73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72,
    71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
)
_OTHER = {"–": 50, "—": 100, "…": 100, "≈": 84, "·": 32, "’": 32, "‘": 32, "“": 52, "”": 52}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide a line of text is at most (no font metrics at build time: see _WIDTHS)."""
    table = _WIDTHS_BOLD if bold else _WIDTHS
    total = 0
    for char in str(text):
        code = ord(char)
        if 32 <= code < 127:
            total += table[code - 32]
        elif char in _OTHER:
            total += _OTHER[char] * (1.1 if bold else 1)
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 100
        else:
            total += 78 if bold else 70
    return total * size / 100


def wrap(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> list[str]:
    """Break text into lines no wider than width; an ellipsis ends a text that does not fit."""
    lines: list[str] = []
    line = ""
    words: list[str] = []
    for word in str(text).split():  # a dash stays with the word before it: "2025 –" / "Maret 2025"
        if words and word in ("–", "—", "-"):
            words[-1] += " " + word
        else:
            words.append(word)
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(lines[-1], width, size, bold, ellipsis=True)
    return [_fit(line, width, size, bold) for line in lines] or [""]


def _fit(line: str, width: float, size: float, bold: bool, ellipsis: bool = False) -> str:
    """The line, shortened with an ellipsis if it is wider than width (or if ellipsis is asked for)."""
    if not ellipsis and text_width(line, size, bold) <= width:
        return line
    while line and text_width(line.rstrip() + "…", size, bold) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def shape(kind: str, x: float, y: float, size: float = 6.0, fill: str | None = None) -> str:
    """The mark of a collection, centred on (x, y); size is about its radius."""
    colour = COLOURS.get(kind, INK)
    fill = colour if fill is None else fill
    form = SHAPES.get(kind, "circle")
    paint = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    if form == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(size)}" {paint}/>'
    if form == "square":
        s = size * 0.9
        return f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" height="{num(2 * s)}" {paint}/>'
    if form == "diamond":
        s = size * 1.25
        points = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    elif form == "triangle":
        s = size * 1.2
        points = [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)]
    elif form == "star":
        s, inner = size * 1.3, size * 0.55
        points = [(x + (s if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
                   y - (s if i % 2 == 0 else inner) * math.cos(i * math.pi / 5)) for i in range(10)]
    elif form == "cross":
        a, b = size * 1.1, size * 0.4
        points = [(x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b), (x + b, y + b),
                  (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b), (x - a, y - b), (x - b, y - b)]
    else:  # pragma: no cover - every shape is listed above
        raise ValueError(form)
    return f'<polygon points="{" ".join(f"{num(px)},{num(py)}" for px, py in points)}" {paint}/>'


def _ident(prefix: str, *parts) -> str:
    """A stable id for aria-labelledby, different for different pictures on one page."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{digest}"


def svg(width: float, height: float, lang: str, title: str, desc: str, body: Iterable[str], kind: str) -> str:
    """A standalone SVG document that scales to the width of its container.

    No <style> inside: the site's Content-Security-Policy allows style sheets from the site only,
    so the hover underline of linked labels lives in docs/assets/kb.css."""
    body = "".join(body)
    ident = _ident(f"kbp-{kind}", lang, title, width, body)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-picture kb-picture-{kind}" '
        f'viewBox="0 0 {num(width)} {num(height)}" width="100%" '
        f'preserveAspectRatio="xMidYMin meet" role="group" '
        f'aria-labelledby="{ident}-t" aria-describedby="{ident}-d" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<title id="{ident}-t">{esc(title)}</title>'
        f'<desc id="{ident}-d">{esc(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>'
        f"{body}</svg>\n"
    )


def _link(href: str, tooltip: str, inner: str) -> str:
    return f'<a href="{safe_href(href)}" tabindex="-1"><title>{esc(tooltip)}</title>{inner}</a>'


def _text(x: float, y: float, lines: Sequence[str], anchor: str = "start", size: float = 12,
          weight: str | None = None, fill: str | None = None, line_height: float = 14) -> str:
    """Lines of text whose block is vertically centred on y."""
    top = y - (len(lines) - 1) * line_height / 2
    attrs = f'x="{num(x)}" y="{num(top)}" dominant-baseline="central"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size != 12:
        attrs += f' font-size="{num(size)}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if fill:
        attrs += f' fill="{fill}"'
    if len(lines) == 1:
        return f"<text {attrs}>{esc(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{0 if i == 0 else num(line_height)}">{esc(line)}</tspan>'
        for i, line in enumerate(lines))
    return f"<text {attrs}>{spans}</text>"


def when(record: Record) -> tuple[dates.PartialDate, dates.PartialDate | None, bool] | None:
    """(start, end, open_ended) of a record's date or period, or None."""
    if record.get("date") is not None:
        return dates.parse(record["date"]), None, False
    period = record.get("period")
    if period:
        end = dates.parse(period["end"]) if period.get("end") else None
        return dates.parse(period["start"]), end, end is None
    return None


def date_text(start: dates.PartialDate, end: dates.PartialDate | None, open_ended: bool, lang: str,
              since: str = "") -> str:
    """'5 Juli 2021', '5–9 Juli 2021', 'sejak 2015' (since: the interface word for an open range)."""
    if end is None:
        return f"{since} {dates.display(start, lang)}".strip() if open_ended else dates.display(start, lang)
    return dates.display_range(start, end, lang)


def when_text(record: Record, lang: str, since: str = "") -> str:
    """A record's date or period in the page language, or ''."""
    found = when(record)
    return date_text(*found, lang, since) if found else ""


# --------------------------------------------------------------------------
# 1. Relationship map


@dataclass
class Graph:
    """Nodes in two columns and the links between them, in drawing order."""

    left: list[Record]
    right: list[tuple[str, list[Record]]]  # (collection, records) groups, top to bottom
    edges: list[tuple[Record, str, Record]]  # (record holding the field, field, record it names)
    centre: Record | None = None
    rows: list[tuple[Record, str, list[Record]]] = field(default_factory=list)


def found(record: Record) -> bool:
    """False for an agreement, operation or system the reviewed article names but no report shows: the map
    draws only what exists (its page says it was not found)."""
    return record.get("found", True) is not False


def map_graph(kb: KnowledgeBase, centre: Record | None = None, kinds: Sequence[str] = MAP_KINDS) -> Graph:
    """Who is linked to whom: the whole map, or one record and its direct neighbours."""
    if centre is None:
        edges = sorted({(link.source.key, link.field, link.target.key): link
                        for name in kinds for record in kb.collection(name) for link in record.links_out
                        if link.field in MAP_FIELDS and link.target.collection.name in kinds
                        and link.target.collection.name != name and found(record) and found(link.target)}.items())
        edges = [(link.source, link.field, link.target) for _, link in edges]
        linked = {r.key: r for edge in edges for r in (edge[0], edge[2])}
        left = [r for r in kb.collection("actors") if r.key in linked] if "actors" in kinds else []
        groups = [(name, [r for r in kb.collection(name) if r.key in linked]) for name in kinds if name != "actors"]
        right = [(name, records) for name, records in groups if records]
        left, right = _order(left, right, edges)
    else:
        neighbours: dict[tuple, Record] = {}
        edge_set: dict[tuple, tuple[Record, str, Record]] = {}
        for link in centre.links_out + centre.links_in:
            other = link.target if link.source is centre else link.source
            if other is centre or other.collection.name not in kinds or not found(other):
                continue
            neighbours[other.key] = other
            edge_set[(link.source.key, link.field, link.target.key)] = (link.source, link.field, link.target)
        edges = [edge_set[key] for key in sorted(edge_set)]
        right = [(name, sorted((r for r in neighbours.values() if r.collection.name == name), key=_record_key))
                 for name in kinds]
        right = [(name, records) for name, records in right if records]
        left = [centre]
    return Graph(left, right, edges, centre, _rows(left, right, edges))


def _record_key(record: Record):
    """Earliest first (by the record's first date of any kind), then by id; undated last."""
    for name in ("signed", "date", "adopted", "launched", "in_force"):
        if record.get(name) is not None:
            return (dates.parse(record[name]).sort_key(), record.id)
    if record.get("period"):
        return (dates.parse(record["period"]["start"]).sort_key(), record.id)
    return ((9999,), record.id)


def _order(left: list[Record], right: list[tuple[str, list[Record]]], edges) -> tuple[list, list]:
    """Fewer crossings: sort each column by the mean position of its neighbours, a few rounds."""
    neighbours: dict[tuple, set] = {}
    for source, _, target in edges:
        neighbours.setdefault(source.key, set()).add(target.key)
        neighbours.setdefault(target.key, set()).add(source.key)
    right = [(name, sorted(records, key=_record_key)) for name, records in right]
    left = sorted(left, key=lambda r: r.id)

    def positions(records: list[Record]) -> dict:
        return {r.key: i / max(1, len(records) - 1) for i, r in enumerate(records)}

    def mean(record: Record, where: dict, fallback: float) -> float:
        found = sorted(where[key] for key in neighbours.get(record.key, ()) if key in where)
        return sum(found) / len(found) if found else fallback

    for _ in range(6):
        flat = [r for _, records in right for r in records]
        where = positions(flat)
        old = positions(left)
        left = sorted(left, key=lambda r: (round(mean(r, where, old[r.key]), 6), r.id))
        where = positions(left)
        new_right = []
        for name, records in right:
            old = positions(records)
            new_right.append((name, sorted(records, key=lambda r: (round(mean(r, where, old[r.key]), 6), r.id))))
        right = new_right
    return left, right


def _rows(left, right, edges) -> list[tuple[Record, str, list[Record]]]:
    """The links as rows (record, field, records it names), in the order the map shows them."""
    order = {r.key: i for i, r in enumerate(left + [r for _, records in right for r in records])}
    grouped: dict[tuple, list[Record]] = {}
    holders: dict[tuple, Record] = {}
    for source, name, target in edges:
        grouped.setdefault((source.key, name), []).append(target)
        holders[(source.key, name)] = source
    rows = []
    for key in sorted(grouped, key=lambda k: (order.get(k[0], len(order)), k)):
        targets = sorted(grouped[key], key=lambda r: (order.get(r.key, len(order)), r.key))
        rows.append((holders[key], key[1], targets))
    return rows


def relationship_facts(kb: KnowledgeBase, centre: Record | None = None,
                       kinds: Sequence[str] = MAP_KINDS) -> list[tuple[Record, str, list[Record]]]:
    """The links the map draws, as rows (record, field, records named in that field).

    E.g. (agreement, "parties", [actor, actor]) or (operation, "participants",
    [actor]); the template turns the field into its interface label.
    """
    return map_graph(kb, centre, kinds).rows


def relationship_map(kb: KnowledgeBase, lang: str, href: Callable[[Record], str], label: Callable[[Record], str],
                     kind_label: Callable[[str], str], centre: Record | None = None, title: str | None = None,
                     width: float = WIDE, kinds: Sequence[str] = MAP_KINDS,
                     field_label: Callable[[str], str] | None = None) -> str:
    """Actors on the left, agreements and operations on the right, a line for every link.

    With centre, the record on the left and its direct neighbours on the right.
    Returns "" when there is nothing to link. kind_label(collection) names each
    group (it doubles as the legend: each heading shows its shape);
    field_label(field), when given, names the links in the text alternative
    ("parties" -> "Pihak").
    """
    graph = map_graph(kb, centre, kinds)
    if not graph.edges or not graph.left:
        return ""
    margin, size, line_h, node_gap = 8.0, 12.0, 14.0, 16.0
    gap = min(240.0, max(56.0, 0.2 * width))  # room for the lines between the two columns
    labels_w = width - 2 * margin - 2 * node_gap - gap
    left_label_w = labels_w * (0.44 if centre is not None else 0.40)
    right_label_w = labels_w - left_label_w
    left_x = margin + left_label_w + node_gap
    right_x = left_x + gap
    left_kind = graph.left[0].collection.name
    left_lines = {r.key: wrap(label(r), left_label_w, size, 5 if centre is not None else 3, bold=r is centre)
                  for r in graph.left}
    right_lines = {r.key: wrap(label(r), right_label_w, size, 3) for _, rs in graph.right for r in rs}
    heading_lines = {("heading-left", left_kind): wrap(kind_label(left_kind), left_label_w, size, 2, bold=True)}
    heading_lines |= {("heading", name): wrap(kind_label(name), right_label_w, size, 2, bold=True)
                      for name, _ in graph.right}

    def row_height(lines) -> float:
        return max(24.0, len(lines) * line_h + 10)

    def heading_height(key) -> float:
        return len(heading_lines[key]) * line_h + 14

    top = 6.0
    left_rows = [(("heading-left", left_kind), heading_height(("heading-left", left_kind)))]
    left_rows += [(r.key, row_height(left_lines[r.key])) for r in graph.left]
    right_rows = []
    for name, records in graph.right:
        right_rows.append((("heading", name), heading_height(("heading", name))))
        right_rows += [(r.key, row_height(right_lines[r.key])) for r in records]
    total = max(sum(h for _, h in left_rows), sum(h for _, h in right_rows))

    def place(rows: list[tuple[tuple, float]]) -> dict:
        """y of each heading and node; spare height goes evenly between the nodes."""
        spare = total - sum(h for _, h in rows)
        gap_each = spare / max(1, sum(1 for key, _ in rows if not key[0].startswith("heading")))
        y, where = top, {}
        for key, h in rows:
            if key[0].startswith("heading"):
                where[key] = y + h / 2
                y += h
            else:
                where[key] = y + gap_each / 2 + h / 2
                y += h + gap_each
        return where

    ys = place(right_rows)
    if centre is None:
        ys |= place(left_rows)
    else:  # the centre sits level with the middle of its neighbours, its heading just above it
        node_ys = [ys[r.key] for _, rs in graph.right for r in rs]
        block = len(left_lines[centre.key]) * line_h
        head_key = ("heading-left", left_kind)
        head_h = heading_height(head_key)
        ys[centre.key] = max((min(node_ys) + max(node_ys)) / 2, top + head_h + block / 2 + 4)
        ys[head_key] = ys[centre.key] - block / 2 - 4 - head_h / 2
        total = max(total, ys[centre.key] + block / 2 + 6 - top)
    height = top + total + 8

    xs = {r.key: left_x for r in graph.left} | {r.key: right_x for _, rs in graph.right for r in rs}
    body = [f'<g fill="none" stroke="{EDGE}" stroke-width="1.2">']
    for source, _, target in graph.edges:
        (x1, y1), (x2, y2) = (xs[source.key], ys[source.key]), (xs[target.key], ys[target.key])
        if x1 == x2:  # both on the right (an operation run under an agreement): an arc into the gap
            bulge = min(gap - 12, 24 + abs(y2 - y1) / 5)
            body.append(f'<path d="M{num(x1 - 8)} {num(y1)}C{num(x1 - bulge)} {num(y1)} {num(x2 - bulge)} '
                        f'{num(y2)} {num(x2 - 8)} {num(y2)}"/>')
            continue
        if x1 > x2:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        mid = (x1 + x2) / 2
        body.append(f'<path d="M{num(x1 + 8)} {num(y1)}C{num(mid)} {num(y1)} {num(mid)} {num(y2)} '
                    f'{num(x2 - 8)} {num(y2)}"/>')
    body.append("</g>")

    for key, lines in heading_lines.items():
        kind, x, y = key[1], (left_x if key[0] == "heading-left" else right_x), ys[key]
        anchor, tx = ("end", x - node_gap) if key[0] == "heading-left" else ("start", x + node_gap)
        body.append(shape(kind, x, y, 4.5) + _text(tx, y, lines, anchor, weight="bold"))
    for record in graph.left:
        y = ys[record.key]
        is_centre = record is centre
        inner = (shape(record.collection.name, left_x, y, 8 if is_centre else 6) +
                 _text(left_x - node_gap, y, left_lines[record.key], "end", weight="bold" if is_centre else None))
        body.append(_link(href(record), label(record), inner))
    for _, records in graph.right:
        for record in records:
            y = ys[record.key]
            inner = shape(record.collection.name, right_x, y, 6) + _text(right_x + node_gap, y,
                                                                         right_lines[record.key])
            body.append(_link(href(record), label(record), inner))

    if title is None:
        title = label(centre) if centre is not None else " · ".join(
            kind_label(name) for name in [left_kind] + [name for name, _ in graph.right])
    desc = "; ".join(f"{label(holder)}{f' ({field_label(name)})' if field_label else ''}: "
                     f"{', '.join(label(r) for r in targets)}" for holder, name, targets in graph.rows) + "."
    return svg(width, height, lang, title, desc, body, "map")


# --------------------------------------------------------------------------
# 2. Series charts


def series_figures(kb: KnowledgeBase) -> dict[str, list[Record]]:
    """Figures by the series they say they belong to, each series in time order."""
    found: dict[str, list[Record]] = {}
    for figure in kb.collection("figures"):
        if figure.get("series"):
            found.setdefault(figure["series"], []).append(figure)
    return {name: sorted(records, key=_chart_key) for name, records in sorted(found.items())}


def value_text(figure: Record, number_format: Callable[[float], str]) -> str:
    """'3.310', '≈ 430' (approximate), '20–25' (a range)."""
    text = number_format(_clean(figure["value"]))
    if figure.get("value_max") is not None:
        text = f"{text}–{number_format(_clean(figure['value_max']))}"
    if figure.get("approximate"):
        text = f"≈ {text}"
    return text


def _clean(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def series_facts(series: Record, figures: Sequence[Record], lang: str, number_format: Callable[[float], str],
                 label: Callable[[Record], str] | None = None) -> list[tuple[Record, str, str]]:
    """Rows (figure, when in the page language, value as the page writes it), in time order.

    label(figure), when given, replaces the date (as in series_chart).
    """
    label = label or (lambda figure: when_text(figure, lang))
    return [(figure, label(figure), value_text(figure, number_format)) for figure in sorted(figures, key=_chart_key)]


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _midpoint(figure: Record) -> float:
    """Where a figure sits in time, in days: the middle of its date (2024: 1 July), the end of its period
    (a running total "16–24 January" stands at 24 January), or its start for a period still running."""
    start, end, _ = when(figure)
    if figure.get("period"):
        return _last_day(end).toordinal() if end else float(start.first_day().toordinal())
    return (start.first_day().toordinal() + _last_day(start).toordinal()) / 2


def _chart_key(figure: Record):
    return (_midpoint(figure), figure.id)


def _last_day(date: dates.PartialDate) -> dt.date:
    if date.day:
        return date.first_day()
    if date.month:
        following = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(date.year, 12, 31)


def _positions(times: list[float], left: float, right: float, min_gap: float) -> list[float]:
    """x of each point: in proportion to time, then pushed apart so that no two are closer than min_gap."""
    first, last = times[0], times[-1]
    if last == first:
        xs = [left + (right - left) * (i + 0.5) / len(times) for i in range(len(times))]
    else:
        xs = [left + (t - first) / (last - first) * (right - left) for t in times]
    min_gap = min(min_gap, (right - left) / max(1, len(times) - 1))
    for i in range(1, len(xs)):
        xs[i] = max(xs[i], xs[i - 1] + min_gap)
    xs[-1] = min(xs[-1], right)
    for i in range(len(xs) - 2, -1, -1):
        xs[i] = min(xs[i], xs[i + 1] - min_gap)
    return xs


def series_chart(series: Record, figures: Sequence[Record], lang: str, number_format: Callable[[float], str],
                 label: Callable[[Record], str] | None = None, href: Callable[[Record], str] | None = None,
                 note: str | None = None, width: float = NARROW, tr: Callable[[dict], str] | None = None,
                 style: str = "line") -> str:
    """The figures of one series over time, each point (or bar) labelled with its value and date.

    Points sit in proportion to time (a gap of years shows as a gap), pushed
    apart where their labels would collide; the value axis starts at zero.
    style is "line" (points joined by a line) or "bar". label(figure) gives
    the text under a point (default: its date or period in the page
    language); href(figure), when given, makes each point a link to the
    figure's page; note is a line under the chart (e.g. the source); tr picks
    the page language from a bilingual text (default: text[lang]). Returns ""
    for a series with fewer than two figures.
    """
    figures = sorted(figures, key=_chart_key)
    if len(figures) < 2:
        return ""
    if style not in ("line", "bar"):
        raise ValueError(f"style '{style}': expected line or bar")
    tr = tr or (lambda text: text.get(lang, "") if isinstance(text, dict) else str(text or ""))
    label = label or (lambda figure: when_text(figure, lang))
    margin, size = 8.0, 12.0
    colour = COLOURS["figures"]
    title_lines = wrap(tr(series["name"]), width - 2 * margin, 14, 3, bold=True)
    unit_lines = wrap(tr(series["unit"]), width - 2 * margin, size, 2)
    values = [float(f["value"]) for f in figures] + [float(f["value_max"]) for f in figures
                                                     if f.get("value_max") is not None]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high - max(values) < step * 0.3 and max(values) > 0:
        high += step  # room above the highest point for its value
    ticks = [low + i * step for i in range(int(round((high - low) / step)) + 1)]
    tick_texts = [number_format(_clean(round(t, 10))) for t in ticks]
    axis_w = max(text_width(t, 11) for t in tick_texts) + 8

    y = margin + 8
    body = [_text(margin, y + (len(title_lines) - 1) * 9, title_lines, size=14, weight="bold", line_height=18)]
    y += len(title_lines) * 18 + 2
    body.append(_text(margin, y + (len(unit_lines) - 1) * 7, unit_lines, fill=MUTED))
    y += len(unit_lines) * 14 + 10
    plot_top = y + 6
    plot_h = min(260.0, max(170.0, width * 0.3))
    plot_left = margin + axis_w
    plot_right = width - margin
    shown = [value_text(f, number_format) for f in figures]
    dates_shown = [label(f) for f in figures]
    longest_word = max(text_width(word, 11) for text in dates_shown for word in (text.split() or [""]))
    min_gap = max([text_width(text, 12, True) for text in shown] + [longest_word, 44.0]) + 8
    # keep the first and last labels inside the picture on one line where there is room
    quarter = (plot_right - plot_left) / 4
    pad_left = min(max(min_gap / 2 + 4, text_width(dates_shown[0], 11) / 2 + 4 - axis_w), quarter)
    pad_right = min(max(min_gap / 2 + 4, text_width(dates_shown[-1], 11) / 2 + 4), quarter)
    xs = _positions([_midpoint(f) for f in figures], plot_left + pad_left, plot_right - pad_right, min_gap)
    # room for the date under each point: up to its neighbours, or to the edge of the picture
    room = [min(xs[i] - xs[i - 1] if i else 2 * (xs[i] - margin),
                xs[i + 1] - xs[i] if i + 1 < len(xs) else 2 * (width - margin - xs[i])) - 6 for i in range(len(xs))]
    category_lines = [wrap(text, max(room[i], 30), 11, 4) for i, text in enumerate(dates_shown)]
    cat_h = max(len(lines) for lines in category_lines) * 13 + 12

    def to_y(value: float) -> float:
        return plot_top + plot_h - (value - low) / (high - low) * plot_h

    for tick, text in zip(ticks, tick_texts):
        ty = to_y(tick)
        body.append(f'<line x1="{num(plot_left)}" y1="{num(ty)}" x2="{num(plot_right)}" y2="{num(ty)}" '
                    f'stroke="{MUTED if tick == 0 else GRID}" stroke-width="1"/>')
        body.append(_text(plot_left - 6, ty, [text], "end", size=11, fill=MUTED))
    if style == "line":
        points = " ".join(f"{num(x)},{num(to_y(float(f['value'])))}" for x, f in zip(xs, figures))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
                    f'stroke-linejoin="round"/>')
    bar_w = min(48.0, min_gap * 0.6)
    for i, figure in enumerate(figures):
        cx, value = xs[i], float(figure["value"])
        y0, y1 = to_y(0), to_y(value)
        tick_y = plot_top + plot_h if low == 0 else to_y(low)
        mark = (f'<line x1="{num(cx)}" y1="{num(tick_y)}" x2="{num(cx)}" y2="{num(tick_y + 4)}" '
                f'stroke="{MUTED}" stroke-width="1"/>')
        top_y, bottom_y = min(y0, y1), max(y0, y1)
        if style == "bar":
            mark += (f'<rect x="{num(cx - bar_w / 2)}" y="{num(top_y)}" width="{num(bar_w)}" '
                     f'height="{num(max(bottom_y - top_y, 1))}" fill="{colour}"/>')
        if figure.get("value_max") is not None:  # a range: a bracket from value to value_max
            y2 = to_y(float(figure["value_max"]))
            mark += (f'<path d="M{num(cx - 6)} {num(y2)}H{num(cx + 6)}M{num(cx)} {num(y2)}V{num(y1)}'
                     f'M{num(cx - 6)} {num(y1)}H{num(cx + 6)}" fill="none" stroke="{colour}" '
                     f'stroke-width="1.5"/>')
            top_y = min(top_y, y2)
        if style == "line":
            mark += f'<circle cx="{num(cx)}" cy="{num(y1)}" r="4.5" fill="{colour}" stroke="{BACKGROUND}" ' \
                    f'stroke-width="1.5"/>'
            top_y = min(top_y, y1 - 4)
        value_lines = wrap(shown[i], room[i] + 6, 12, 2, bold=True)
        if value >= 0:
            value_y = top_y - 6 - (len(value_lines) - 1) * 14 - 7
        else:
            value_y = bottom_y + 13
        mark += _text(cx, value_y + (len(value_lines) - 1) * 7, value_lines, "middle", weight="bold")
        mark += _text(cx, plot_top + plot_h + 10 + (len(category_lines[i]) - 1) * 6.5 + 6.5,
                      category_lines[i], "middle", size=11, line_height=13)
        tooltip = f"{label(figure)}: {shown[i]}"
        body.append(_link(href(figure), tooltip, mark) if href else f"<g><title>{esc(tooltip)}</title>{mark}</g>")
    height = plot_top + plot_h + cat_h + 4
    if note:
        note_lines = wrap(note, width - 2 * margin, 11, 3)
        body.append(_text(margin, height + 6 + (len(note_lines) - 1) * 6.5, note_lines, size=11, fill=MUTED,
                          line_height=13))
        height += len(note_lines) * 13 + 8
    height += margin
    desc_values = "; ".join(f"{when}: {value}"
                            for _, when, value in series_facts(series, figures, lang, number_format, label))
    desc = f"{tr(series['definition'])} {tr(series['unit'])}: {desc_values}."
    return svg(width, height, lang, tr(series["name"]), desc, body, "chart")


# --------------------------------------------------------------------------
# 3. Timeline strip


def timeline_facts(entries: Sequence, lang: str, since: str = "") -> list[tuple[int, list[tuple[object, str]]]]:
    """Years in order, each with its (entry, date in the page language) in the order marks stack.

    since is the interface word for a period still running ('sejak' / 'since').
    """
    years: dict[int, list] = {}
    for entry in _timeline_order(entries):
        text = date_text(entry.start, entry.end, entry.open_ended, lang, since)
        years.setdefault(entry.start.year, []).append((entry, text))
    return sorted(years.items())


def _timeline_order(entries: Sequence) -> list:
    def key(entry):
        kind = entry.record.collection.name
        rank = TIMELINE_KINDS.index(kind) if kind in TIMELINE_KINDS else len(TIMELINE_KINDS)
        return (entry.start.year, rank, entry.start.sort_key(), entry.record.id, entry.field)
    return sorted(entries, key=key)


def timeline_strip(entries: Sequence, lang: str, href: Callable[[Record], str], label: Callable[[Record], str],
                   kind_label: Callable[[str], str], title: str | None = None, width: float = WIDE,
                   since: str = "") -> str:
    """Years across; each dated record a mark stacked above its year, linking to its page.

    entries are timeline.Entry objects (record, field, start, end). Marks of
    one year stack bottom-up by kind, then date. A legend names each kind with
    its shape and colour. Returns "" when there is nothing dated.
    """
    facts = timeline_facts(entries, lang, since)
    if not facts:
        return ""
    margin = 10.0
    present = {year for year, _ in facts}
    # Slots across: one per year; a run of three or more empty years shrinks to one break.
    slots: list[tuple[str, int, int, float]] = []  # (kind, first year, last year, width in units)
    year = facts[0][0]
    while year <= facts[-1][0]:
        if year in present:
            slots.append(("year", year, year, 1.0))
            year += 1
            continue
        end = year
        while end + 1 not in present:
            end += 1
        if end - year >= 2:
            slots.append(("break", year, end, 0.8))
        else:
            slots += [("year", y, y, 1.0) for y in range(year, end + 1)]
        year = end + 1
    plot_left, plot_right = margin + 4, width - margin - 4
    unit = (plot_right - plot_left) / sum(slot[3] for slot in slots)
    mark = max(3.5, min(7.0, (unit / 2 - 1.5) / 1.3))  # the widest mark (a star) reaches 1.3 x mark
    pitch = mark * 2 + 5

    # legend: only the kinds present, in the fixed order, wrapped into rows
    kinds = [k for k in TIMELINE_KINDS if any(e.record.collection.name == k for _, group in facts for e, _ in group)]
    legend, x, y = [], margin, margin + 8
    for kind in kinds:
        text = kind_label(kind)
        item_w = 16 + text_width(text, 12) + 18
        if x + item_w > width - margin and x > margin:
            x, y = margin, y + 20
        legend.append(shape(kind, x + 6, y, 5) + _text(x + 16, y, wrap(text, width - x - 16 - margin, 12, 1)))
        x += item_w
    legend_bottom = y + 14

    stack = max(len(group) for _, group in facts)
    axis_y = legend_bottom + 12 + stack * pitch + 4
    body = list(legend)
    centres: dict[int, float] = {}
    x = plot_left
    axis = []
    for kind, first, last, units in slots:
        w = units * unit
        if kind == "year":
            centres[first] = x + w / 2
            axis.append((x, x + w))
        else:  # a break in the axis: two slanted strokes
            mid = x + w / 2
            axis.append((x, mid - 3))
            axis.append((mid + 3, x + w))
            for dx in (-3, 3):
                body.append(f'<line x1="{num(mid + dx - 2)}" y1="{num(axis_y + 5)}" x2="{num(mid + dx + 2)}" '
                            f'y2="{num(axis_y - 5)}" stroke="{MUTED}" stroke-width="1.2"/>')
        x += w
    # merge touching pieces of the axis into as few lines as possible
    merged: list[list[float]] = []
    for start, end in axis:
        if merged and abs(merged[-1][1] - start) < 0.01:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        body.append(f'<line x1="{num(start)}" y1="{num(axis_y)}" x2="{num(end)}" y2="{num(axis_y)}" '
                    f'stroke="{MUTED}" stroke-width="1"/>')
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if s * unit >= 34)
    last_label = -1e9
    after_break = True
    for kind, first, last, _ in slots:
        if kind == "break":
            after_break = True
            continue
        cx = centres[first]
        wanted = after_break or first % step == 0 or first == slots[-1][1]
        labelled = wanted and cx - last_label >= 34
        body.append(f'<line x1="{num(cx)}" y1="{num(axis_y)}" x2="{num(cx)}" '
                    f'y2="{num(axis_y + (5 if labelled else 3))}" stroke="{MUTED}" stroke-width="1"/>')
        if labelled:
            body.append(_text(cx, axis_y + 16, [str(first)], "middle", size=11, fill=MUTED))
            last_label = cx
        after_break = False
    for year, group in facts:
        for i, (entry, text) in enumerate(group):
            y = axis_y - 6 - mark - i * pitch
            kind = entry.record.collection.name
            body.append(_link(href(entry.record), f"{label(entry.record)} ({text})",
                              shape(kind, centres[year], y, mark)))
    height = axis_y + 28
    if title is None:
        title = " · ".join(kind_label(kind) for kind in kinds)
    desc = " ".join(f"{year}: {'; '.join(label(e.record) for e, _ in group)}." for year, group in facts)
    return svg(width, height, lang, title, desc, body, "timeline")
