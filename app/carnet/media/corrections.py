"""Corrections: how an item is straightened, cropped and turned, without touching its original.

A drawing photographed at an angle is corrected by parameters the catalog keeps, never by
rewriting the original. :class:`Corrections` holds them, applied in this order to the
upright original (EXIF orientation already applied):

1. ``corners``: the board's four corners (top-left, top-right, bottom-right, bottom-left) in
   pixels of the upright original at full size; the quadrilateral is warped to a rectangle
   whose sides are its longest opposite sides (four-corner perspective correction);
2. ``rotate``: a clockwise turn in degrees, any angle; quarter turns are exact, other
   angles widen the canvas and fill the corners with white;
3. ``crop``: ``(x, y, width, height)`` as fractions of the image the first two steps made.

The catalog stores them as one JSON object (:meth:`Corrections.to_json`). A value read from
an archive may come from anyone: :func:`parse_corrections` checks it strictly and says what
is wrong in one sentence; :func:`read_corrections` is the reader's version, which logs and
falls back to no correction instead of failing. :func:`detect_corners` proposes the corners
of a light board on a darker surrounding (OpenCV), for the user to accept or adjust.

The crop is kept in fractions of the image the first two steps make, so a new angle or new
corners would make the same fractions cut another part of the drawing. When one of them
changes and the crop is carried over, :func:`carry_crop` moves it as Lightroom does: the
same part of the drawing stays at its centre, the rectangle keeps its size in pixels (its
sides swap with each quarter turn, so a quarter turn turns the crop with the drawing), and
it is shrunk to fit and moved inside the new image where it would stick out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PIL import Image

from carnet.errors import InvalidValue
from carnet.messages import Text

if TYPE_CHECKING:  # numpy and OpenCV load only where a correction is applied or detected
    import numpy as np

__all__ = [
    "NO_CORRECTIONS",
    "Corrections",
    "apply_corrections",
    "carry_crop",
    "corrected_size",
    "detect_corners",
    "parse_corrections",
    "read_corrections",
    "rotated_size",
    "warp_preview",
]

logger = logging.getLogger(__name__)

Point = tuple[float, float]
_WHITE = (255, 255, 255)
_MIN_CROP = 0.01  # a crop keeps at least 1 % of each side
_MAX_COORDINATE = 1_000_000.0  # far beyond any image Carnet decodes (150 Mpx)
_KEYS = frozenset({"rotate", "corners", "crop"})


@dataclass(frozen=True)
class Corrections:
    """The corrections of one item; the default is none (the upright original as it is)."""

    rotate: float = 0.0
    corners: tuple[Point, Point, Point, Point] | None = None
    crop: tuple[float, float, float, float] | None = None

    @property
    def empty(self) -> bool:
        return self.rotate == 0 and self.corners is None and self.crop is None

    @property
    def quarter_turn(self) -> int | None:
        """The rotation as 0, 90, 180 or 270 when the corrections are only a quarter turn."""
        if self.corners is not None or self.crop is not None or self.rotate % 90:
            return None
        return int(self.rotate) % 360

    def turned(self, degrees: float, size: tuple[int, int] | None = None) -> Corrections:
        """These corrections with ``degrees`` more clockwise rotation, the crop carried
        along (:func:`carry_crop`): exactly for quarter turns, and for other angles when
        the upright image's ``size`` is given (else the crop keeps its fractions)."""
        turned = replace(self, rotate=_angle(self.rotate + degrees))
        if self.crop is None:
            return turned
        if size is None:
            if degrees % 90:
                return turned
            size = (1000, 1000)  # a quarter turn moves the fractions alike at any size
        return carry_crop(self, turned, size)

    def trimmed(self, left: float, top: float, right: float, bottom: float) -> Corrections:
        """These corrections with ``left``, ``top``, ``right`` and ``bottom`` (fractions)
        more cut off the image they make: a crop within the crop there is."""
        x, y, w, h = self.crop if self.crop is not None else (0.0, 0.0, 1.0, 1.0)
        crop = [x + left * w, y + top * h, w * (1 - left - right), h * (1 - top - bottom)]
        return parse_corrections({**self.to_dict(), "crop": crop})

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able form: only the parts that are set."""
        out: dict[str, Any] = {}
        if self.rotate:
            out["rotate"] = self.rotate
        if self.corners is not None:
            out["corners"] = [list(p) for p in self.corners]
        if self.crop is not None:
            out["crop"] = list(self.crop)
        return out

    def to_json(self) -> str | None:
        """The catalog's form: canonical JSON, or None for no correction."""
        if self.empty:
            return None
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def digest(self) -> str:
        """A short fingerprint that changes with the corrections ("" for none): what the
        kit and the booklet key their copies of an item's images on, and what derived
        files name as the corrections they were made with. The same for the values as
        given and as read back from the catalog."""
        try:  # as the catalog gives them back: 90 and 90.0 alike, rounded as stored
            canonical = parse_corrections(self.to_dict())
        except InvalidValue:
            canonical = self
        text = canonical.to_json()
        return "" if text is None else hashlib.sha256(text.encode()).hexdigest()[:16]


NO_CORRECTIONS = Corrections()


def _angle(degrees: float) -> float:
    """``degrees`` brought into [0, 360), rounded to a thousandth of a degree."""
    value = round(degrees % 360.0, 3)
    return 0.0 if value >= 360.0 else value + 0.0


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def parse_corrections(value: object) -> Corrections:
    """Corrections from their JSON text or JSON-able mapping, checked strictly.

    None and "" mean no correction. Raises :class:`InvalidValue` with one sentence saying
    what is wrong: not JSON, an unknown key, a rotation that is not a finite number,
    corners that are not four points making a convex quadrilateral, a crop outside the
    image or smaller than 1 % of a side.
    """
    if value is None or value == "":
        return NO_CORRECTIONS
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError) as error:
            raise InvalidValue(Text("corrections are not valid JSON")) from error
    if not isinstance(value, Mapping):
        raise InvalidValue(Text("corrections must be a JSON object"))
    unknown = set(value) - _KEYS
    if unknown:
        raise InvalidValue(
            Text("unknown correction: {names}", names=", ".join(sorted(map(str, unknown))))
        )
    rotate = _number(value.get("rotate", 0.0))
    if rotate is None or abs(rotate) > 3600:
        raise InvalidValue(Text("the rotation must be a number of degrees"))
    corners = _corners(value.get("corners"))
    crop = _crop(value.get("crop"))
    return Corrections(_angle(rotate), corners, crop)


def _corners(value: object) -> tuple[Point, Point, Point, Point] | None:
    if value is None:
        return None
    problem = Text("the corners must be four points x,y of a convex quadrilateral inside the image")
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 4:
        raise InvalidValue(problem)
    points: list[Point] = []
    for point in value:
        if not isinstance(point, Sequence) or isinstance(point, str) or len(point) != 2:
            raise InvalidValue(problem)
        x, y = _number(point[0]), _number(point[1])
        if x is None or y is None or not (0 <= x <= _MAX_COORDINATE and 0 <= y <= _MAX_COORDINATE):
            raise InvalidValue(problem)
        points.append((round(x, 2) + 0.0, round(y, 2) + 0.0))
    if not _convex(points):
        raise InvalidValue(problem)
    return points[0], points[1], points[2], points[3]


def _convex(points: Sequence[Point]) -> bool:
    """True when the points, in order, turn the same way at every corner (clockwise on
    screen for top-left, top-right, bottom-right, bottom-left) and enclose some area."""
    signs = []
    for k in range(4):
        (ax, ay), (bx, by), (cx, cy) = points[k], points[(k + 1) % 4], points[(k + 2) % 4]
        signs.append((bx - ax) * (cy - by) - (by - ay) * (cx - bx))
    return all(s > 0 for s in signs)


def _crop(value: object) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    problem = Text(
        "the crop must be x,y,width,height as fractions of the image (0 to 1), at least 0.01"
    )
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 4:
        raise InvalidValue(problem)
    numbers = [_number(v) for v in value]
    if any(n is None for n in numbers):
        raise InvalidValue(problem)
    x, y, w, h = (round(float(n or 0.0), 6) + 0.0 for n in numbers)
    eps = 1e-6
    if x < 0 or y < 0 or w < _MIN_CROP or h < _MIN_CROP or x + w > 1 + eps or y + h > 1 + eps:
        raise InvalidValue(problem)
    if (x, y, w, h) == (0.0, 0.0, 1.0, 1.0):
        return None
    return x, y, min(w, 1 - x), min(h, 1 - y)


def read_corrections(value: object, *, item_id: int | None = None) -> Corrections:
    """Corrections as a reader takes them from a catalog: a value that does not pass
    :func:`parse_corrections` (a foreign or damaged archive) counts as no correction,
    with a warning in the log, never an error."""
    try:
        return parse_corrections(value)
    except InvalidValue as error:
        logger.warning("item %s: corrections ignored (%s)", item_id, error)
        return NO_CORRECTIONS


# ---------------------------------------------------------------- geometry


def _warp_size(corners: Sequence[Point]) -> tuple[float, float]:
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = corners
    width = max(math.hypot(bx - ax, by - ay), math.hypot(cx - dx, cy - dy))
    height = max(math.hypot(dx - ax, dy - ay), math.hypot(cx - bx, cy - by))
    return width, height


def _rotated_size(size: tuple[float, float], degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    width, height = size
    return width * cos + height * sin, width * sin + height * cos


def corrected_size(size: tuple[int, int], corrections: Corrections) -> tuple[int, int]:
    """The size of the corrected image made from an upright image of ``size`` (about:
    within a pixel of what :func:`apply_corrections` gives at full scale)."""
    current: tuple[float, float] = (float(size[0]), float(size[1]))
    if corrections.corners is not None:
        current = _warp_size(corrections.corners)
    if corrections.rotate:
        current = _rotated_size(current, corrections.rotate)
    if corrections.crop is not None:
        current = (current[0] * corrections.crop[2], current[1] * corrections.crop[3])
    return max(1, round(current[0])), max(1, round(current[1]))


def apply_corrections(
    image: Image.Image, corrections: Corrections, scale: float = 1.0
) -> Image.Image:
    """``image`` (upright, RGB) with ``corrections`` applied.

    ``scale`` is the size of ``image`` relative to the full-size original the corners are
    given in (0.5 for an image decoded at half size).
    """
    if corrections.corners is not None:
        image = _warp(image, corrections.corners, scale)
    turn = corrections.rotate
    if turn:
        quarter = {90.0: Image.Transpose.ROTATE_270, 180.0: Image.Transpose.ROTATE_180}
        quarter[270.0] = Image.Transpose.ROTATE_90
        if turn in quarter:
            image = image.transpose(quarter[turn])
        else:  # Pillow turns counter-clockwise
            image = image.rotate(-turn, Image.Resampling.BICUBIC, expand=True, fillcolor=_WHITE)
    if corrections.crop is not None:
        x, y, w, h = corrections.crop
        width, height = image.size
        left, top = round(x * width), round(y * height)
        right = max(left + 1, min(width, round((x + w) * width)))
        bottom = max(top + 1, min(height, round((y + h) * height)))
        image = image.crop((left, top, right, bottom))
    return image


def _canvas(size: tuple[float, float], corrections: Corrections) -> tuple[float, float]:
    """The size of the image the corners and the rotation make (what the crop is of)."""
    current = size if corrections.corners is None else _warp_size(corrections.corners)
    return _rotated_size(current, corrections.rotate) if corrections.rotate else current


def _homography(source: Sequence[Point], target: Sequence[Point]) -> list[list[float]]:
    """The 3×3 projective map taking the four ``source`` points to ``target``."""
    import numpy as np

    rows, values = [], []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    h = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))
    return [[h[0], h[1], h[2]], [h[3], h[4], h[5]], [h[6], h[7], 1.0]]


def _project(matrix: list[list[float]], point: Point) -> Point:
    x, y = point
    w = matrix[2][0] * x + matrix[2][1] * y + matrix[2][2]
    w = w if abs(w) > 1e-12 else 1e-12
    return (
        (matrix[0][0] * x + matrix[0][1] * y + matrix[0][2]) / w,
        (matrix[1][0] * x + matrix[1][1] * y + matrix[1][2]) / w,
    )


def _turn(
    point: Point, size: tuple[float, float], canvas: tuple[float, float], degrees: float
) -> Point:
    """``point`` of an image of ``size`` once turned ``degrees`` clockwise about its centre
    onto a ``canvas`` (its bounding box); negative ``degrees`` with the sizes swapped undo it."""
    radians = math.radians(degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    x, y = point[0] - size[0] / 2, point[1] - size[1] / 2
    return x * cos - y * sin + canvas[0] / 2, x * sin + y * cos + canvas[1] / 2


def _to_upright(point: Point, size: tuple[float, float], corrections: Corrections) -> Point:
    """A point of the canvas ``corrections`` make (crop aside) in the upright original."""
    warped = size if corrections.corners is None else _warp_size(corrections.corners)
    if corrections.rotate:
        canvas = _rotated_size(warped, corrections.rotate)
        point = _turn(point, canvas, warped, -corrections.rotate)
    if corrections.corners is not None:
        point = _project(_homography(_rectangle(warped), corrections.corners), point)
    return point


def _from_upright(point: Point, size: tuple[float, float], corrections: Corrections) -> Point:
    """A point of the upright original in the canvas ``corrections`` make (crop aside)."""
    warped = size if corrections.corners is None else _warp_size(corrections.corners)
    if corrections.corners is not None:
        point = _project(_homography(corrections.corners, _rectangle(warped)), point)
    if corrections.rotate:
        point = _turn(point, warped, _rotated_size(warped, corrections.rotate), corrections.rotate)
    return point


def _rectangle(size: tuple[float, float]) -> tuple[Point, Point, Point, Point]:
    width, height = size
    return (0.0, 0.0), (width, 0.0), (width, height), (0.0, height)


def carry_crop(before: Corrections, after: Corrections, size: tuple[int, int]) -> Corrections:
    """``after`` with the crop of ``before`` moved into the image ``after``'s corners and
    rotation make of an upright original of ``size`` (full-size pixels).

    For a crop carried over while the angle or the corners change (what a user who sets a
    new angle on a cropped drawing expects, as in Lightroom): the point of the drawing at
    the crop's centre stays at its centre; the rectangle keeps its size in pixels, its
    sides swapped for an odd number of quarter turns; it is shrunk (keeping its shape)
    where it is larger than the new image, and moved inside it where it sticks out. A
    crop that ends up covering the whole image is none. ``after`` is returned as it is
    when it has its own crop (not ``before``'s), or when the geometry did not change.
    """
    if before.crop is None or after.crop != before.crop:
        return after
    if (before.rotate, before.corners) == (after.rotate, after.corners):
        return after
    upright = (float(max(1, size[0])), float(max(1, size[1])))
    old, new = _canvas(upright, before), _canvas(upright, after)
    x, y, w, h = before.crop
    centre = ((x + w / 2) * old[0], (y + h / 2) * old[1])
    cx, cy = _from_upright(_to_upright(centre, upright, before), upright, after)
    width, height = w * old[0], h * old[1]
    if round((after.rotate - before.rotate) / 90) % 2:
        width, height = height, width
    fit = min(1.0, new[0] / width, new[1] / height)
    width, height = width * fit, height * fit
    left = min(max(cx - width / 2, 0.0), new[0] - width)
    top = min(max(cy - height / 2, 0.0), new[1] - height)
    # Rounded as the catalog keeps them first, so that what is clamped is what is stored.
    crop = [round(min(1.0, max(0.0, v)), 6) for v in (left / new[0], top / new[1])]
    crop += [round(min(1.0, max(_MIN_CROP, v)), 6) for v in (width / new[0], height / new[1])]
    crop[0], crop[1] = min(crop[0], round(1 - crop[2], 6)), min(crop[1], round(1 - crop[3], 6))
    return parse_corrections({**after.to_dict(), "crop": crop})


def rotated_size(size: tuple[float, float], degrees: float) -> tuple[float, float]:
    """The bounding box of a ``size`` image turned by ``degrees`` (what a rotation that
    widens the canvas makes; the crop's fractions are of it)."""
    return _rotated_size(size, degrees)


def warp_preview(
    image: Image.Image, corners: Sequence[Point], scale: float, edge: int | None = None
) -> Image.Image:
    """The perspective step of :func:`apply_corrections` alone, bilinear, its long side
    at most ``edge``: quick enough on a preview-sized image for a live preview while a
    corner is dragged (the rotation and the crop are cheap to show on screen; the stored
    corrections are applied bicubic, at full size)."""
    return _warp(image, corners, scale, fast=True, edge=edge)


def _warp(
    image: Image.Image,
    corners: Sequence[Point],
    scale: float,
    *,
    fast: bool = False,
    edge: int | None = None,
) -> Image.Image:
    import cv2
    import numpy as np

    source = np.array([[x * scale, y * scale] for x, y in corners], dtype=np.float32)
    width, height = _warp_size(source.tolist())
    if edge is not None and max(width, height) > edge:
        shrink = edge / max(width, height)
        width, height = width * shrink, height * shrink
    out_w, out_h = max(1, round(width)), max(1, round(height))
    target = np.array(
        [[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(source, target)
    pixels = np.asarray(image.convert("RGB"))
    warped = cv2.warpPerspective(
        pixels,
        matrix,
        (out_w, out_h),
        flags=cv2.INTER_LINEAR if fast else cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=_WHITE,
    )
    return Image.fromarray(warped, "RGB")


# ---------------------------------------------------------------- corner detection

_DETECT_EDGE = 800  # detection works on a copy this long; corners are scaled back


def detect_corners(image: Image.Image) -> tuple[Point, Point, Point, Point] | None:
    """The corners of the board in ``image`` (top-left, top-right, bottom-right,
    bottom-left, in ``image``'s pixels), or None when no board stands out.

    A board is the largest light, four-sided region: the image is shrunk, smoothed and
    split into light and dark (Otsu's threshold, and Canny's edges as a second opinion);
    the largest outline that covers at least a tenth of the picture is reduced to four
    corners. Lettering inside the board does not matter (only outer outlines count).
    """
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    height, width = grey.shape
    factor = min(1.0, _DETECT_EDGE / max(width, height))
    small = cv2.resize(
        grey,
        (max(1, round(width * factor)), max(1, round(height * factor))),
        interpolation=cv2.INTER_AREA,
    )
    blurred = cv2.GaussianBlur(small, (7, 7), 0)
    area = small.shape[0] * small.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))

    masks = []
    _, light = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(cv2.morphologyEx(light, cv2.MORPH_OPEN, kernel))
    edges = cv2.dilate(cv2.Canny(blurred, 40, 120), kernel)
    masks.append(edges)

    best: tuple[float, np.ndarray] | None = None
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            quad = _quadrilateral(contour)
            if quad is None:
                continue
            quad_area = abs(cv2.contourArea(quad.astype(np.float32)))
            if quad_area < 0.1 * area or quad_area > 0.98 * area:
                continue
            # How well the quadrilateral fits the outline: its area against the hull's.
            hull_area = cv2.contourArea(cv2.convexHull(contour))
            fit = min(quad_area, hull_area) / max(quad_area, hull_area)
            score = quad_area * fit * fit
            if fit > 0.85 and (best is None or score > best[0]):
                best = (score, quad)
        if best is not None:
            break
    if best is None:
        return None
    points = _order(best[1] / factor)
    return points


def _quadrilateral(contour: np.ndarray) -> np.ndarray | None:
    """Four corners approximating ``contour``'s convex hull, or None."""
    import cv2
    import numpy as np

    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for fraction in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, fraction * perimeter, True)
        if len(approx) == 4:
            return np.asarray(approx.reshape(4, 2), dtype=np.float64)
        if len(approx) < 4:
            break
    if len(hull) < 4:
        return None
    # Many corners (a bright object touching the board): the hull's four extreme points.
    points = hull.reshape(-1, 2).astype(np.float64)
    sums, diffs = points.sum(axis=1), points[:, 0] - points[:, 1]
    picks = [
        points[sums.argmin()],
        points[diffs.argmax()],
        points[sums.argmax()],
        points[diffs.argmin()],
    ]
    return np.array(picks)


def _order(points: np.ndarray) -> tuple[Point, Point, Point, Point]:
    """Corners ordered top-left, top-right, bottom-right, bottom-left (clockwise on screen)."""
    import numpy as np

    center = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - center[1], points[:, 0] - center[0])
    ring = points[np.argsort(angles)]  # clockwise on screen, starting left of up
    start = int(np.argmin(ring.sum(axis=1)))  # the top-left: smallest x + y
    ordered = [ring[(start + k) % 4] for k in range(4)]
    a, b, c, d = ((round(float(x), 2), round(float(y), 2)) for x, y in ordered)
    return a, b, c, d
