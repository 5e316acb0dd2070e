"""Reading order: the boxes an OCR engine found, put into lines as a person reads them.

An engine returns boxes in the order its detector met them, which on a board with several
columns mixes them line by line across the page. A person reads a column to its end before
the next one, and a title that spans the columns first. That is a recursive XY-cut:

1. where a vertical strip of empty board runs the whole height of the boxes, and is wider
   than ``COLUMN_GAP`` lines are tall (far wider than the space between two words), the
   boxes left of it are a column read before those right of it;
2. else the first horizontal strip of empty board cuts off what is above it (a title, a
   heading, a row of columns) to be read first, and the rest is cut again;
3. boxes that cannot be cut (one block of text) are grouped into lines by their vertical
   overlap, lines top to bottom, boxes in a line left to right.

Only the bounding rectangle of each box is used: lettering tilted by a few degrees still
overlaps its own line far more than the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

#: The narrowest strip of empty board between two columns, in heights of a line of text.
COLUMN_GAP = 1.5


@dataclass(frozen=True)
class Box:
    """One piece of text the engine read, with its rectangle in image pixels."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    score: float = 1.0

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def box_from_points(points: Sequence[Sequence[float]], text: str, score: float) -> Box:
    """The rectangle around a quadrilateral (an engine's four corners)."""
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), text, score)


def reading_order(boxes: Sequence[Box]) -> list[list[Box]]:
    """The boxes as lines in reading order (columns kept), each line left to right."""
    kept = [b for b in boxes if b.text.strip()]
    if not kept:
        return []
    gap = COLUMN_GAP * median(b.height for b in kept)
    lines: list[list[Box]] = []
    _cut(kept, gap, lines)
    return lines


def reading_lines(boxes: Sequence[Box]) -> list[str]:
    """The text of each line in reading order, words joined by a space."""
    return [" ".join(b.text.strip() for b in line) for line in reading_order(boxes)]


def _cut(boxes: list[Box], column_gap: float, out: list[list[Box]]) -> None:
    # Iterative on the remainder (a tall board cut line by line never recurses deeply).
    rest = boxes
    while rest:
        columns = _split_columns(rest, column_gap)
        if len(columns) > 1:
            for column in columns:
                _cut(column, column_gap, out)
            return
        above, rest = _split_first_row(rest)
        if not rest:  # one block: nothing cuts it
            out.extend(_lines(above))
            return
        _cut(above, column_gap, out)


def _split_columns(boxes: list[Box], min_gap: float) -> list[list[Box]]:
    """The boxes in columns, left to right, split at every vertical strip of empty board
    at least ``min_gap`` wide that crosses all of them; one list when there is none."""
    ordered = sorted(boxes, key=lambda b: b.left)
    columns: list[list[Box]] = [[ordered[0]]]
    reach = ordered[0].right
    for box in ordered[1:]:
        if box.left - reach >= min_gap:
            columns.append([box])
        else:
            columns[-1].append(box)
        reach = max(reach, box.right)
    return columns


def _split_first_row(boxes: list[Box]) -> tuple[list[Box], list[Box]]:
    """The boxes above the first horizontal strip of empty board, and the rest."""
    ordered = sorted(boxes, key=lambda b: b.top)
    reach = ordered[0].bottom
    for n, box in enumerate(ordered[1:], 1):
        if box.top >= reach:
            return ordered[:n], ordered[n:]
        reach = max(reach, box.bottom)
    return ordered, []


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes that overlap vertically grouped into lines: a box joins the line whose middle
    lies within its own height (or whose height holds its middle)."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        if lines:
            last = lines[-1]
            top = min(b.top for b in last)
            bottom = max(b.bottom for b in last)
            middle = (top + bottom) / 2
            if box.top <= middle <= box.bottom or top <= box.middle <= bottom:
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b.left) for line in lines]
