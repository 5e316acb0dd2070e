"""Synthetic graphic-recording boards for the demo archive.

The demo needs drawings that look like the real thing at thumbnail size and in the viewer:
off-white paper, a big hand-lettered title, coloured banners and bubbles, arrows and little
icons. Everything here is drawn with Pillow primitives from a seeded ``random.Random``, so
the same arguments always give the same pixels and the demo needs no image files.

Pillow's bundled font (``ImageFont.load_default(size=…)``, Pillow 10.1 and later) has no
accented letters, so accents are drawn by hand on top of the base letter: French titles
keep their "é", "à" and "ç", and it even looks more hand-made that way.
"""

from __future__ import annotations

import itertools
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

RGB = tuple[int, int, int]
Point = tuple[float, float]

__all__ = ["PALETTES", "Palette", "draw_board"]


@dataclass(frozen=True)
class Palette:
    """The markers of one illustrator: an ink for lines and letters, three colours."""

    ink: RGB
    colours: tuple[RGB, RGB, RGB]


PALETTES: tuple[Palette, ...] = (
    Palette(ink=(30, 36, 56), colours=((20, 148, 136), (240, 128, 34), (226, 82, 82))),
    Palette(ink=(42, 36, 44), colours=((112, 74, 184), (56, 158, 80), (224, 84, 150))),
    Palette(ink=(28, 42, 72), colours=((38, 108, 192), (246, 184, 36), (204, 58, 58))),
    Palette(ink=(52, 40, 30), colours=((200, 90, 38), (88, 140, 58), (58, 118, 164))),
)

_PAPER: RGB = (248, 245, 236)

# Characters the bundled font lacks and that have a plain spelling.
_SUBSTITUTES = {
    "œ": "oe",
    "Œ": "OE",
    "æ": "ae",
    "Æ": "AE",
    "–": "-",
    "—": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
    "\u202f": " ",
}

_ACUTE, _GRAVE, _CIRCUMFLEX, _TILDE, _DIAERESIS, _RING, _CEDILLA = (
    "\u0301",
    "\u0300",
    "\u0302",
    "\u0303",
    "\u0308",
    "\u030a",
    "\u0327",
)
_MARKS_ABOVE = {_ACUTE, _GRAVE, _CIRCUMFLEX, _TILDE, _DIAERESIS, _RING}

# Words used when the caller gives none: what any civic forum board ends up saying.
_GENERIC_WORDS = (
    "partager",
    "ensemble",
    "confiance",
    "outils",
    "citoyens",
    "demain",
    "agir local",
    "coopérer",
    "idées",
    "liberté",
    "écouter",
    "réseau",
)

# A word on the board suggests its icon; the rest are drawn at random.
_ICON_HINTS = {
    "ecole": "book",
    "apprend": "book",
    "savoir": "book",
    "lire": "book",
    "livre": "book",
    "donnee": "screen",
    "numerique": "screen",
    "ecran": "screen",
    "code": "screen",
    "algorithme": "gears",
    "machine": "gears",
    "robot": "gears",
    "automat": "gears",
    "outil": "gears",
    "vote": "ballot",
    "elect": "ballot",
    "budget": "ballot",
    "decid": "ballot",
    "citoyen": "people",
    "habitant": "people",
    "ensemble": "people",
    "collectif": "people",
    "communaute": "people",
    "quartier": "house",
    "lieu": "house",
    "ville": "house",
    "territoire": "house",
    "maison": "house",
    "idee": "bulb",
    "innov": "bulb",
    "imagin": "bulb",
    "soin": "heart",
    "confiance": "heart",
    "solidar": "heart",
    "commun": "tree",
    "nature": "tree",
    "grandir": "tree",
}


def draw_board(
    title: str,
    *,
    size: tuple[int, int],
    seed: int,
    palette_index: int,
    words: Sequence[str] | None = None,
    quote: str = "",
    signature: str = "",
) -> Image.Image:
    """Draw one graphic-recording board and return it as an RGB image.

    ``title`` is hand-lettered big; ``words`` (three to six short phrases) label the icons
    around it, and random friendly words are used when none are given; ``quote``, when
    given, is put in a speech bubble next to a little speaker. The layout (banner and grid,
    central cloud, or a road of stations), the icons and every wobble come from ``seed``;
    ``palette_index`` picks the marker colours, so each illustrator keeps a recognisable
    style. ``signature`` is lettered small in the bottom right corner.
    """
    width, height = size
    rng = random.Random(f"board:{seed}")
    palette = PALETTES[palette_index % len(PALETTES)]
    if words:
        labels = [_plain(w) for w in words][:6]
    else:
        labels = rng.sample(_GENERIC_WORDS, rng.randint(3, 5))

    image = _paper(width, height, rng)
    if quote:
        layout = rng.choice((_layout_banner, _layout_hub))
    else:
        layout = rng.choice((_layout_banner, _layout_hub, _layout_path))
    layout(image, _plain(title), labels, _plain(quote), palette, rng)
    _decorate(image, palette, rng)
    if signature:
        _sign(image, _plain(signature), palette, rng)

    return image


# --- paper ---------------------------------------------------------------------------------


def _paper(width: int, height: int, rng: random.Random) -> Image.Image:
    """Off-white paper: soft blotches, a fine tooth, light falling unevenly across it.

    The texture is built on one grey channel and coloured at the end, which is several
    times cheaper than working on RGB, and the demo draws sixty of these.
    """
    small_w, small_h = max(2, width // 40), max(2, height // 40)
    raw = Image.frombytes("L", (small_w, small_h), rng.randbytes(small_w * small_h))
    light = Image.new("L", (2, 2))
    light.putdata([rng.randint(0, 14) for _ in range(4)])
    shade = light.resize((small_w, small_h), Image.Resampling.BILINEAR)
    # Each pixel's brightness against the paper's colour: up to +6 from the blotches and +8
    # from the tooth, down to -14 from the shade; an offset of 32 keeps it all inside one
    # 8-bit channel, and is taken off again (with the texture's average) when colouring.
    soft = ImageChops.subtract(raw.point([v * 7 // 256 for v in range(256)]), shade, 1.0, 32)
    level = soft.resize((width, height), Image.Resampling.BILINEAR)
    tile = _tooth()
    if width <= tile.width and height <= tile.height:
        left = rng.randrange(tile.width - width + 1)
        top = rng.randrange(tile.height - height + 1)
        level = ImageChops.add(level, tile.crop((left, top, left + width, top + height)))
    tint = rng.randint(-4, 3)
    base = (_PAPER[0] + tint, _PAPER[1] + tint, _PAPER[2] + tint - rng.randint(0, 4))
    channels = [level.point([max(0, min(255, b + v - 40)) for v in range(256)]) for b in base]
    return Image.merge("RGB", channels)


@lru_cache(maxsize=1)
def _tooth() -> Image.Image:
    """A fine grain (0 to 8) shared by every sheet, each cropping it somewhere else."""
    side = 1800
    raw = Image.frombytes("L", (side, side), random.Random("tooth").randbytes(side * side))
    return raw.point([v * 9 // 256 for v in range(256)])


# --- lettering -----------------------------------------------------------------------------


def _plain(text: str) -> str:
    """Spell ``text`` with characters the bundled font (plus our hand-drawn accents) has."""
    return "".join(_SUBSTITUTES.get(c, c) for c in text)


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # pragma: no cover - Pillow without FreeType
        raise RuntimeError("the demo drawings need Pillow built with FreeType")
    return font


def _advance(char: str, size: int) -> float:
    base = unicodedata.normalize("NFD", char)[:1] or " "
    return float(_font(size).getlength(base))


@lru_cache(maxsize=4096)
def _glyph(char: str, size: int) -> Image.Image:
    """The mask of one letter, accents included, with its baseline at ``_baseline(size)``.

    The mask has ``size // 2`` pixels of margin on the left so a rotated letter is not
    clipped; callers paste it that far to the left of the pen position.
    """
    font = _font(size)
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[:1], decomposed[1:]
    pad = size // 2
    width = int(font.getlength(base)) + 2 * pad
    baseline = _baseline(size)
    mask = Image.new("L", (width, int(size * 1.9)), 0)
    draw = ImageDraw.Draw(mask)
    weight = max(1, size // 30)
    draw.text((pad, baseline), base, font=font, fill=255, anchor="ls", stroke_width=weight)
    if not marks:
        return mask
    if base in "ij" and any(m in _MARKS_ABOVE for m in marks):
        # The accent replaces the dot, as in "ï" and "î".
        x_top = baseline + font.getbbox("x", anchor="ls")[1] - weight
        draw.rectangle((0, 0, width, x_top - 1), fill=0)
    box = mask.getbbox() or (pad, baseline - size // 2, pad + size // 2, baseline)
    _draw_marks(draw, marks, box, size)
    return mask


@lru_cache(maxsize=8192)
def _tilted_glyph(char: str, size: int, degrees: int) -> tuple[Image.Image, int, int]:
    """The letter's mask turned by whole degrees (few enough angles to cache them all).

    The mask is cropped to its ink, which makes pasting it several times cheaper; the two
    numbers are where the crop sits in the full mask of ``_glyph``.
    """
    mask = _glyph(char, size)
    if degrees:
        mask = mask.rotate(degrees, resample=Image.Resampling.BILINEAR)
    box = mask.getbbox() or (0, 0, 1, 1)
    return mask.crop(box), box[0], box[1]


def _baseline(size: int) -> int:
    return int(size * 1.3)


def _draw_marks(
    draw: ImageDraw.ImageDraw, marks: str, box: tuple[int, int, int, int], size: int
) -> None:
    cx = (box[0] + box[2]) / 2
    top, bottom = box[1] - size * 0.07, box[3]
    h = size * 0.2
    w = max(2, size // 11)
    for mark in marks:
        if mark == _ACUTE:
            draw.line(((cx - h * 0.3, top), (cx + h * 0.45, top - h)), fill=255, width=w)
        elif mark == _GRAVE:
            draw.line(((cx + h * 0.3, top), (cx - h * 0.45, top - h)), fill=255, width=w)
        elif mark == _CIRCUMFLEX:
            hat = ((cx - h * 0.55, top), (cx, top - h * 0.8), (cx + h * 0.55, top))
            draw.line(hat, fill=255, width=w, joint="curve")
        elif mark == _DIAERESIS:
            r = w * 0.8
            for dx in (-h * 0.45, h * 0.45):
                y = top - h * 0.45
                draw.ellipse((cx + dx - r, y - r, cx + dx + r, y + r), fill=255)
        elif mark == _TILDE:
            wave = [
                (
                    cx - h * 0.6 + i * h * 0.12,
                    top - h * 0.5 - math.sin(i / 10 * 2 * math.pi) * h * 0.2,
                )
                for i in range(11)
            ]
            draw.line(wave, fill=255, width=w, joint="curve")
        elif mark == _RING:
            r = h * 0.3
            draw.ellipse(
                (cx - r, top - h * 0.4 - r, cx + r, top - h * 0.4 + r), outline=255, width=w
            )
        elif mark == _CEDILLA:
            hook = (
                (cx, bottom - w),
                (cx + h * 0.25, bottom + h * 0.4),
                (cx - h * 0.3, bottom + h * 0.75),
            )
            draw.line(hook, fill=255, width=w, joint="curve")


def _text_width(text: str, size: int) -> float:
    return sum(_advance(c, size) for c in text) + size * 0.03 * max(0, len(text) - 1)


def _wrap(text: str, size: int, max_width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


_SIZES = tuple(sorted({round(12 * 1.08**k) for k in range(36)}, reverse=True))


def _fit(
    text: str, max_width: float, max_height: float, max_size: int, max_lines: int
) -> tuple[int, list[str]]:
    """The biggest letter size (and the lines) at which ``text`` fits the box.

    Sizes come from a short ladder rather than any integer, so that the letters drawn for
    one board are mostly in the glyph cache for the next.
    """
    for size in _SIZES:
        if size > max_size and size != _SIZES[-1]:
            continue
        lines = _wrap(text, size, max_width)
        fits = len(lines) <= max_lines and len(lines) * size * 1.2 <= max_height
        if fits and all(_text_width(line, size) <= max_width for line in lines):
            return size, lines
    return _SIZES[-1], _wrap(text, _SIZES[-1], max_width)


def _letter(
    image: Image.Image,
    text: str,
    pen: Point,
    size: int,
    fill: RGB,
    rng: random.Random,
    *,
    shadow: RGB | None = None,
    wobble: float = 1.0,
) -> None:
    """Letter ``text`` from ``pen`` (left end of the baseline), each letter a little askew."""
    x, baseline = pen
    offset = max(2, size // 14)
    for char in text:
        advance = _advance(char, size)
        if not char.isspace():
            mask, dx, dy = _tilted_glyph(char, size, round(rng.uniform(-5.0, 5.0) * wobble))
            jump = rng.uniform(-1.0, 1.0) * size * 0.035 * wobble
            left = round(x - size // 2) + dx
            top = round(baseline - _baseline(size) + jump) + dy
            if shadow is not None:
                image.paste(shadow, (left + offset, top + offset), mask)
            image.paste(fill, (left, top), mask)
        x += advance * rng.uniform(0.98, 1.04) + size * 0.03


def _letter_block(
    image: Image.Image,
    text: str,
    box: tuple[float, float, float, float],
    fill: RGB,
    rng: random.Random,
    *,
    max_size: int,
    max_lines: int,
    shadow: RGB | None = None,
    align: str = "centre",
) -> tuple[float, float]:
    """Fit ``text`` into ``box``, letter it, and return the top and bottom of the ink."""
    x0, y0, x1, y1 = box
    size, lines = _fit(text, x1 - x0, y1 - y0, max_size, max_lines)
    line_height = size * 1.2
    top = y0 + ((y1 - y0) - line_height * len(lines)) / 2
    for i, line in enumerate(lines):
        width = _text_width(line, size)
        left = x0 if align == "left" else x0 + ((x1 - x0) - width) / 2
        _letter(
            image, line, (left, top + size * 0.95 + i * line_height), size, fill, rng, shadow=shadow
        )
    return top, top + line_height * len(lines)


# --- hand-drawn strokes --------------------------------------------------------------------


def _wobble(
    points: Sequence[Point], rng: random.Random, amplitude: float, step: float = 12.0
) -> list[Point]:
    """Subdivide a polyline and push it sideways smoothly, the way a hand never is straight."""
    phase1, phase2 = rng.uniform(0, math.tau), rng.uniform(0, math.tau)
    freq1, freq2 = rng.uniform(0.004, 0.009), rng.uniform(0.02, 0.035)
    out: list[Point] = []
    travelled = 0.0

    def offset(distance: float) -> float:
        return amplitude * (
            0.7 * math.sin(phase1 + freq1 * distance) + 0.3 * math.sin(phase2 + freq2 * distance)
        )

    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        length = math.hypot(xb - xa, yb - ya)
        if length == 0:
            continue
        nx, ny = -(yb - ya) / length, (xb - xa) / length
        steps = max(1, int(length / step))
        for i in range(steps):
            t = i / steps
            o = offset(travelled + length * t)
            out.append((xa + (xb - xa) * t + nx * o, ya + (yb - ya) * t + ny * o))
        travelled += length
    if points:
        out.append(points[-1])
    return out


def _ellipse_points(
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    rng: random.Random,
    *,
    bumps: int = 0,
    closed: bool = False,
) -> list[Point]:
    """A hand-drawn ellipse: slightly lumpy, and its end overshoots its start."""
    start = rng.uniform(0, math.tau)
    sweep = math.tau + (0.0 if closed else rng.uniform(0.15, 0.35))
    drift = 0.0 if closed else rng.uniform(-0.04, 0.04)
    lump_phase, lump_freq = rng.uniform(0, math.tau), rng.choice((2, 3))
    count = max(24, int((rx + ry) / 5))
    points: list[Point] = []
    for i in range(count + 1):
        t = i / count
        angle = start + sweep * t
        radius = 1 + 0.03 * math.sin(lump_freq * angle + lump_phase) + drift * t
        if bumps:
            radius += 0.09 * abs(math.sin(bumps * angle / 2))
        points.append((cx + rx * radius * math.cos(angle), cy + ry * radius * math.sin(angle)))
    return points


def _dome(cx: float, base: float, rx: float, ry: float, rng: random.Random) -> list[Point]:
    """The upper half of an ellipse standing on ``base``: shoulders, a body, a hill."""
    count = max(16, int((rx + ry) / 6))
    points = [
        (
            cx - rx * math.cos(math.pi * i / count) * rng.uniform(0.98, 1.02),
            base - ry * math.sin(math.pi * i / count) * rng.uniform(0.98, 1.02),
        )
        for i in range(count + 1)
    ]
    return [*points, (cx - rx, base)]


def _shift(points: Sequence[Point], dx: float, dy: float) -> list[Point]:
    return [(x + dx, y + dy) for x, y in points]


def _light(colour: RGB, amount: float = 0.35) -> RGB:
    """A marker colour laid flat on paper: a pale wash of it."""
    r, g, b = (round(c * amount + p * (1 - amount)) for c, p in zip(colour, _PAPER, strict=True))
    return (r, g, b)


def _stroke(draw: ImageDraw.ImageDraw, points: Sequence[Point], colour: RGB, width: int) -> None:
    # Round joints matter where a line turns sharply; a wobbly line turns a little at many
    # points, where Pillow's round joints (one pie slice each) would cost a lot for nothing.
    joint = "curve" if len(points) <= 8 else None
    draw.line(list(points), fill=colour, width=width, joint=joint)


def _filled(
    draw: ImageDraw.ImageDraw,
    outline: Sequence[Point],
    fill: RGB,
    ink: RGB,
    width: int,
    rng: random.Random,
) -> None:
    """Colour first, slightly off the outline, then the outline: how markers really go."""
    misregister = width * 1.5
    draw.polygon(
        _shift(outline, rng.uniform(-1, 1) * misregister, rng.uniform(-1, 1) * misregister),
        fill=fill,
    )
    _stroke(draw, outline, ink, width)


def _arrow(
    draw: ImageDraw.ImageDraw,
    start: Point,
    end: Point,
    rng: random.Random,
    colour: RGB,
    width: int,
) -> None:
    """A curved, slightly wobbly arrow from ``start`` to ``end``."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 4 * width:
        return
    bend = rng.uniform(-0.25, 0.25) * length
    mx, my = (x0 + x1) / 2 - (y1 - y0) / length * bend, (y0 + y1) / 2 + (x1 - x0) / length * bend
    curve = [
        (
            (1 - t) ** 2 * x0 + 2 * (1 - t) * t * mx + t * t * x1,
            (1 - t) ** 2 * y0 + 2 * (1 - t) * t * my + t * t * y1,
        )
        for t in (i / 20 for i in range(21))
    ]
    _stroke(draw, _wobble(curve, rng, width * 0.6, step=length / 16), colour, width)
    (xa, ya), (xb, yb) = curve[-3], curve[-1]
    heading = math.atan2(yb - ya, xb - xa)
    head = max(14.0, width * 4.5)
    for side in (-1, 1):
        angle = heading + math.pi + side * rng.uniform(0.38, 0.5)
        _stroke(
            draw,
            [(xb + head * math.cos(angle), yb + head * math.sin(angle)), (xb, yb)],
            colour,
            width,
        )


def _towards(a: Point, b: Point, distance: float) -> Point:
    length = math.hypot(b[0] - a[0], b[1] - a[1]) or 1.0
    return (a[0] + (b[0] - a[0]) / length * distance, a[1] + (b[1] - a[1]) / length * distance)


# --- icons ---------------------------------------------------------------------------------

Icon = Callable[[ImageDraw.ImageDraw, float, float, float, Palette, random.Random, int], None]


def _icon_bulb(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    bulb = _ellipse_points(cx, cy - s * 0.2, s * 0.45, s * 0.48, rng, closed=True)
    _filled(d, bulb, _light(p.colours[1], 0.7), p.ink, w, rng)
    neck = [
        (cx - s * 0.2, cy + s * 0.3),
        (cx - s * 0.18, cy + s * 0.55),
        (cx + s * 0.18, cy + s * 0.55),
        (cx + s * 0.2, cy + s * 0.3),
    ]
    _filled(d, _wobble(neck, rng, w * 0.3, 8), _light(p.ink, 0.25), p.ink, w, rng)
    for i in range(2):
        y = cy + s * (0.63 + 0.1 * i)
        _stroke(d, _wobble([(cx - s * 0.14, y), (cx + s * 0.14, y)], rng, w * 0.3, 6), p.ink, w)
    _stroke(
        d,
        _wobble(
            [
                (cx - s * 0.1, cy + s * 0.28),
                (cx - s * 0.05, cy - s * 0.1),
                (cx + s * 0.05, cy - s * 0.1),
                (cx + s * 0.1, cy + s * 0.28),
            ],
            rng,
            w * 0.3,
            6,
        ),
        p.ink,
        max(2, w // 2),
    )
    for i in range(5):
        angle = math.pi * (1.1 + 0.2 * i)
        inner, outer = s * 0.62, s * 0.85
        start = (cx + inner * math.cos(angle), cy - s * 0.2 + inner * math.sin(angle))
        end = (cx + outer * math.cos(angle), cy - s * 0.2 + outer * math.sin(angle))
        _stroke(d, [start, end], p.colours[1], w)


def _icon_people(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    count = rng.choice((2, 3))
    spacing = s * 0.62
    for i in range(count):
        x = cx + (i - (count - 1) / 2) * spacing
        y = cy + (s * 0.08 if i % 2 else 0.0)
        colour = p.colours[(i + rng.randint(0, 2)) % 3]
        body = _dome(x, y + s * 0.62, s * 0.3, s * 0.42, rng)
        _filled(d, body, _light(colour, 0.6), p.ink, w, rng)
        head = _ellipse_points(x, y - s * 0.05, s * 0.2, s * 0.21, rng)
        _filled(d, head, _light(colour, 0.25), p.ink, w, rng)


def _icon_house(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    body = _box(cx - s * 0.5, cy - s * 0.1, cx + s * 0.5, cy + s * 0.7)
    _filled(d, _wobble(body, rng, w * 0.4, 10), _light(p.colours[0], 0.45), p.ink, w, rng)
    roof = [
        (cx - s * 0.68, cy - s * 0.05),
        (cx, cy - s * 0.7),
        (cx + s * 0.68, cy - s * 0.05),
        (cx - s * 0.68, cy - s * 0.05),
    ]
    _filled(d, _wobble(roof, rng, w * 0.4, 10), _light(p.colours[2], 0.75), p.ink, w, rng)
    door = [
        (cx - s * 0.12, cy + s * 0.7),
        (cx - s * 0.12, cy + s * 0.3),
        (cx + s * 0.12, cy + s * 0.3),
        (cx + s * 0.12, cy + s * 0.7),
    ]
    _filled(d, door, _light(p.colours[1], 0.6), p.ink, w, rng)
    window = _box(cx + s * 0.22, cy + s * 0.08, cx + s * 0.4, cy + s * 0.26)
    _filled(d, window, _light(p.colours[0], 0.2), p.ink, max(2, w // 2), rng)


def _box(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    """A closed rectangle, corner to corner."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def _gear(cx: float, cy: float, r: float, teeth: int, turn: float) -> list[Point]:
    points: list[Point] = []
    for i in range(teeth * 4 + 1):
        angle = turn + math.tau * i / (teeth * 4)
        radius = r if (i // 2) % 2 == 0 else r * 0.78
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _icon_gears(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    for gx, gy, r, teeth, colour in (
        (cx - s * 0.22, cy + s * 0.1, s * 0.5, 8, p.colours[0]),
        (cx + s * 0.45, cy - s * 0.38, s * 0.3, 6, p.colours[1]),
    ):
        outline = _gear(gx, gy, r, teeth, rng.uniform(0, math.tau))
        _filled(d, outline, _light(colour, 0.55), p.ink, w, rng)
        hole = _ellipse_points(gx, gy, r * 0.28, r * 0.28, rng, closed=True)
        _filled(d, hole, _PAPER, p.ink, w, rng)


def _icon_screen(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    screen = _box(cx - s * 0.6, cy - s * 0.5, cx + s * 0.6, cy + s * 0.3)
    _filled(d, _wobble(screen, rng, w * 0.4, 10), _light(p.colours[0], 0.3), p.ink, w, rng)
    base = [
        (cx - s * 0.75, cy + s * 0.42),
        (cx + s * 0.75, cy + s * 0.42),
        (cx + s * 0.6, cy + s * 0.3),
        (cx - s * 0.6, cy + s * 0.3),
        (cx - s * 0.75, cy + s * 0.42),
    ]
    _filled(d, base, _light(p.ink, 0.3), p.ink, w, rng)
    for i in range(3):
        y = cy - s * (0.3 - 0.18 * i)
        length = s * rng.uniform(0.4, 0.85)
        _stroke(
            d,
            _wobble([(cx - s * 0.45, y), (cx - s * 0.45 + length, y)], rng, w * 0.3, 8),
            p.colours[(i + 1) % 3],
            w,
        )


def _icon_book(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    for side in (-1, 1):
        page = [
            (cx, cy - s * 0.35),
            (cx + side * s * 0.7, cy - s * 0.45),
            (cx + side * s * 0.7, cy + s * 0.45),
            (cx, cy + s * 0.55),
            (cx, cy - s * 0.35),
        ]
        _filled(
            d,
            _wobble(page, rng, w * 0.3, 10),
            _light(p.colours[2 if side < 0 else 0], 0.35),
            p.ink,
            w,
            rng,
        )
        for i in range(3):
            y = cy - s * (0.2 - 0.2 * i)
            line = [(cx + side * s * 0.12, y), (cx + side * s * 0.58, y - s * 0.05)]
            _stroke(d, _wobble(line, rng, w * 0.2, 6), p.ink, max(2, w // 2))


def _icon_ballot(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    letter = [
        (cx - s * 0.28, cy - s * 0.7),
        (cx + s * 0.3, cy - s * 0.75),
        (cx + s * 0.32, cy - s * 0.05),
        (cx - s * 0.26, cy),
        (cx - s * 0.28, cy - s * 0.7),
    ]
    _filled(d, letter, _light(p.colours[1], 0.5), p.ink, w, rng)
    box = [
        (cx - s * 0.6, cy - s * 0.1),
        (cx + s * 0.6, cy - s * 0.1),
        (cx + s * 0.55, cy + s * 0.7),
        (cx - s * 0.55, cy + s * 0.7),
        (cx - s * 0.6, cy - s * 0.1),
    ]
    _filled(d, _wobble(box, rng, w * 0.4, 10), _light(p.colours[0], 0.5), p.ink, w, rng)
    _stroke(d, [(cx - s * 0.32, cy - s * 0.1), (cx + s * 0.34, cy - s * 0.1)], p.ink, w * 2)
    check = [
        (cx - s * 0.2, cy + s * 0.3),
        (cx - s * 0.05, cy + s * 0.48),
        (cx + s * 0.25, cy + s * 0.15),
    ]
    _stroke(d, check, p.colours[2], w + 1)


def _icon_heart(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    points: list[Point] = []
    for i in range(41):
        t = math.tau * i / 40
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((cx + x * s / 24, cy - y * s / 24))
    _filled(d, _wobble(points, rng, w * 0.4, 8), _light(p.colours[2], 0.65), p.ink, w, rng)


def _icon_tree(
    d: ImageDraw.ImageDraw, cx: float, cy: float, s: float, p: Palette, rng: random.Random, w: int
) -> None:
    trunk = [
        (cx - s * 0.1, cy + s * 0.75),
        (cx - s * 0.08, cy + s * 0.1),
        (cx + s * 0.08, cy + s * 0.1),
        (cx + s * 0.1, cy + s * 0.75),
    ]
    _filled(d, _wobble(trunk, rng, w * 0.3, 8), _light((120, 80, 40), 0.6), p.ink, w, rng)
    crown = _ellipse_points(cx, cy - s * 0.2, s * 0.55, s * 0.45, rng, bumps=7, closed=True)
    _filled(
        d,
        crown,
        _light(p.colours[1] if p.colours[1][1] > 120 else (70, 150, 70), 0.6),
        p.ink,
        w,
        rng,
    )
    for _ in range(3):
        x, y = cx + rng.uniform(-0.3, 0.3) * s, cy - s * 0.2 + rng.uniform(-0.25, 0.2) * s
        d.ellipse((x - w * 1.5, y - w * 1.5, x + w * 1.5, y + w * 1.5), fill=p.colours[2])


_ICONS: dict[str, Icon] = {
    "bulb": _icon_bulb,
    "people": _icon_people,
    "house": _icon_house,
    "gears": _icon_gears,
    "screen": _icon_screen,
    "book": _icon_book,
    "ballot": _icon_ballot,
    "heart": _icon_heart,
    "tree": _icon_tree,
}


def _icon_for(label: str, rng: random.Random, used: set[str]) -> Icon:
    folded = "".join(
        c for c in unicodedata.normalize("NFD", label.lower()) if not unicodedata.combining(c)
    )
    for hint, name in _ICON_HINTS.items():
        if hint in folded and name not in used:
            used.add(name)
            return _ICONS[name]
    free = [name for name in _ICONS if name not in used] or list(_ICONS)
    name = rng.choice(free)
    used.add(name)
    return _ICONS[name]


# --- layouts -------------------------------------------------------------------------------


def _pen(image: Image.Image) -> int:
    return max(3, round(min(image.size) / 260))


def _station(
    image: Image.Image,
    centre: Point,
    radius: float,
    label: str,
    palette: Palette,
    rng: random.Random,
    colour: RGB,
    used: set[str],
    *,
    framed: bool,
    label_width: float,
) -> float:
    """An icon (in a coloured circle when ``framed``) with its label below; returns its bottom."""
    draw = ImageDraw.Draw(image)
    w = _pen(image)
    cx, cy = centre
    if framed:
        circle = _ellipse_points(cx, cy, radius, radius * rng.uniform(0.92, 1.05), rng)
        draw.polygon(_shift(circle, w * 2, w * 2), fill=_light(colour, 0.35))
        _stroke(draw, circle, palette.ink, w)
    _icon_for(label, rng, used)(draw, cx, cy, radius * 0.9, palette, rng, w)
    size = max(14, round(radius * 0.42))
    top = cy + radius * 1.08
    _, bottom = _letter_block(
        image,
        label,
        (cx - label_width / 2, top, cx + label_width / 2, top + size * 2.6),
        palette.ink,
        rng,
        max_size=size,
        max_lines=2,
    )
    return bottom


def _banner(
    image: Image.Image, box: tuple[float, float, float, float], palette: Palette, rng: random.Random
) -> RGB:
    """A ribbon banner across ``box``; returns its colour."""
    draw = ImageDraw.Draw(image)
    w = _pen(image)
    x0, y0, x1, y1 = box
    colour = rng.choice(palette.colours)
    tail, drop = (y1 - y0) * 0.7, (y1 - y0) * 0.25
    for side in (-1, 1):
        edge = x0 if side < 0 else x1
        outer = edge + side * tail
        ribbon = [
            (edge, y0 + drop),
            (outer, y0 + drop),
            (outer - side * tail * 0.4, (y0 + y1) / 2 + drop),
            (outer, y1 + drop),
            (edge, y1 + drop),
            (edge, y0 + drop),
        ]
        _filled(draw, _wobble(ribbon, rng, w * 0.4, 10), _light(colour, 0.8), palette.ink, w, rng)
    body = _box(x0, y0, x1, y1)
    _filled(draw, _wobble(body, rng, w * 0.6, 14), _light(colour, 0.4), palette.ink, w, rng)
    return colour


def _speaker_says(
    image: Image.Image,
    box: tuple[float, float, float, float],
    quote: str,
    palette: Palette,
    rng: random.Random,
) -> None:
    """A little speaker on the left of ``box`` and their words in a bubble on the right."""
    draw = ImageDraw.Draw(image)
    w = _pen(image)
    x0, y0, x1, y1 = box
    h = y1 - y0
    colour = rng.choice(palette.colours)
    # The speaker: round shoulders, a head, a smile.
    px, head_r = x0 + h * 0.3, h * 0.14
    shoulders = _dome(px, y1, h * 0.24, h * 0.42, rng)
    _filled(draw, shoulders, _light(colour, 0.7), palette.ink, w, rng)
    hx, hy = px, y0 + h * 0.4
    head = _ellipse_points(hx, hy, head_r, head_r * 1.08, rng)
    _filled(draw, head, _light(colour, 0.15), palette.ink, w, rng)
    for dx in (-0.35, 0.35):
        ex, ey, r = hx + head_r * dx, hy - head_r * 0.15, max(2.0, w * 0.8)
        draw.ellipse((ex - r, ey - r, ex + r, ey + r), fill=palette.ink)
    smile = (hx - head_r * 0.45, hy - head_r * 0.2, hx + head_r * 0.45, hy + head_r * 0.5)
    draw.arc(smile, 30, 150, fill=palette.ink, width=max(2, w // 2 + 1))
    # The bubble, its tail pointing at the speaker's head.
    bx0, bx1 = px + h * 0.45, x1
    bcx, bcy, brx, bry = (bx0 + bx1) / 2, y0 + h * 0.4, (bx1 - bx0) / 2, h * 0.4
    bubble = _ellipse_points(bcx, bcy, brx, bry, rng, closed=True)
    bubble_fill = _light(rng.choice(palette.colours), 0.25)
    _filled(draw, bubble, bubble_fill, palette.ink, w, rng)
    tip = (hx + head_r * 1.5, hy + head_r * 0.3)
    start, stop = math.radians(158), math.radians(135)
    rim = [
        (bcx + brx * 1.04 * math.cos(a), bcy + bry * 1.04 * math.sin(a))
        for a in (start + (stop - start) * k / 6 for k in range(7))
    ]
    draw.polygon([*rim, tip], fill=bubble_fill)
    for angle in (start, stop):
        corner = (bcx + brx * math.cos(angle), bcy + bry * math.sin(angle))
        _stroke(draw, [corner, tip], palette.ink, w)
    _letter_block(
        image,
        f"« {quote} »",
        (bcx - brx * 0.72, bcy - bry * 0.62, bcx + brx * 0.72, bcy + bry * 0.62),
        palette.ink,
        rng,
        max_size=round(h * 0.2),
        max_lines=3,
    )


def _layout_banner(
    image: Image.Image,
    title: str,
    labels: list[str],
    quote: str,
    palette: Palette,
    rng: random.Random,
) -> None:
    """A ribbon with the title on top, stations in a zigzag grid below, linked by arrows."""
    width, height = image.size
    portrait = height > width
    w = _pen(image)
    banner_box = (width * 0.12, height * 0.05, width * 0.88, height * (0.2 if portrait else 0.27))
    colour = _banner(image, banner_box, palette, rng)
    title_text = title.upper() if rng.random() < 0.6 else title
    pad = (banner_box[3] - banner_box[1]) * 0.12
    _letter_block(
        image,
        title_text,
        (banner_box[0] + pad, banner_box[1] + pad, banner_box[2] - pad, banner_box[3] - pad),
        palette.ink,
        rng,
        max_size=round(height * 0.09),
        max_lines=3 if portrait else 2,
        shadow=colour,
    )
    area_top, area_bottom = banner_box[3] + height * 0.06, height * 0.92
    if quote:
        quote_top = height * (0.72 if portrait else 0.66)
        _speaker_says(
            image, (width * 0.08, quote_top, width * 0.9, height * 0.95), quote, palette, rng
        )
        area_bottom = quote_top - height * 0.02
    if portrait:
        columns = 2
    elif quote or len(labels) <= 3:
        columns = min(len(labels), 4)  # one row: the speaker needs the bottom of the board
    else:
        columns = 2 if len(labels) == 4 else 3
    rows = math.ceil(len(labels) / columns)
    cell_w, cell_h = width * 0.86 / columns, (area_bottom - area_top) / rows
    radius = min(cell_w * 0.27, cell_h * 0.3)
    centres: list[Point] = []
    for i in range(len(labels)):
        row, col = divmod(i, columns)
        if row % 2:
            col = columns - 1 - col  # zigzag, so the arrows read as one path
        in_row = min(columns, len(labels) - row * columns)
        offset = (columns - in_row) * cell_w / 2 if row == rows - 1 else 0.0
        if row % 2 and row == rows - 1:
            offset = -offset
        cx = width * 0.07 + offset + cell_w * (col + 0.5) + rng.uniform(-0.08, 0.08) * cell_w
        cy = area_top + cell_h * row + radius * 1.1 + rng.uniform(-0.04, 0.04) * cell_h
        centres.append((cx, cy))
    used: set[str] = set()
    bottoms = [
        _station(
            image,
            centre,
            radius,
            label,
            palette,
            rng,
            palette.colours[i % 3],
            used,
            framed=True,
            label_width=cell_w * 0.9,
        )
        for i, (label, centre) in enumerate(zip(labels, centres, strict=True))
    ]
    draw = ImageDraw.Draw(image)
    for (a, b), bottom in zip(itertools.pairwise(centres), bottoms, strict=False):
        if b[1] - a[1] > radius * 1.5:
            # Down to the next row: leave from under the label rather than through it.
            start = (a[0], bottom + w * 3)
            end = _towards(b, start, radius * 1.3)
        else:
            start, end = _towards(a, b, radius * 1.25), _towards(b, a, radius * 1.3)
        _arrow(draw, start, end, rng, palette.colours[2], w)


def _layout_hub(
    image: Image.Image,
    title: str,
    labels: list[str],
    quote: str,
    palette: Palette,
    rng: random.Random,
) -> None:
    """The title in a central cloud, stations on both sides, arrows from the cloud to them."""
    width, height = image.size
    portrait = height > width
    w = _pen(image)
    draw = ImageDraw.Draw(image)
    cx, cy = width / 2, height * (0.36 if quote else 0.47)
    rx, ry = width * (0.32 if portrait else 0.22), height * (0.12 if portrait else 0.19)
    colour = rng.choice(palette.colours)
    cloud = _ellipse_points(cx, cy, rx, ry, rng, bumps=rng.choice((9, 11, 13)), closed=True)
    _filled(draw, cloud, _light(colour, 0.35), palette.ink, w, rng)
    _letter_block(
        image,
        title.upper() if rng.random() < 0.5 else title,
        (cx - rx * 0.78, cy - ry * 0.68, cx + rx * 0.78, cy + ry * 0.68),
        palette.ink,
        rng,
        max_size=round(height * 0.08),
        max_lines=4,
        shadow=colour,
    )
    if quote:
        box = (width * 0.18, height * 0.7, width * 0.84, height * 0.96)
        if portrait:
            box = (width * 0.06, height * 0.76, width * 0.94, height * 0.96)
        _speaker_says(image, box, quote, palette, rng)
    # Stations go on the left and right of the cloud (above and below it on a portrait
    # page), alternating, so that none of them sits on the title.
    count = len(labels)
    sides = [(i % 2, i // 2) for i in range(count)]
    per_side = [sum(1 for s, _ in sides if s == k) for k in (0, 1)]
    low = height * (0.62 if quote else 0.92)
    pitch = (low - height * 0.06) / max(per_side)
    radius = min(min(width, height) * 0.085, pitch / 3.4)
    used: set[str] = set()
    for i, (label, (side, rank)) in enumerate(zip(labels, sides, strict=True)):
        spread = (rank + 0.5) / per_side[side]
        if portrait:
            top = height * 0.06 if side == 0 else cy + ry + height * 0.05
            bottom = cy - ry - height * 0.04 if side == 0 else height * (0.72 if quote else 0.95)
            sx = width * (0.12 + 0.76 * spread)
            sy = top + radius * 1.1 + (bottom - top - radius * 3.4) * rng.uniform(0.2, 0.5)
        else:
            sx = width * (0.13 if side == 0 else 0.87) + rng.uniform(-0.02, 0.02) * width
            sy = height * 0.06 + pitch * rank + radius * 1.15 + rng.uniform(0, 0.1) * pitch
        bottom = _station(
            image,
            (sx, sy),
            radius,
            label,
            palette,
            rng,
            palette.colours[i % 3],
            used,
            framed=rng.random() < 0.6,
            label_width=width * (0.42 / max(1, per_side[side]) if portrait else 0.22),
        )
        # Above the cloud, the arrow points at the label, not through it.
        target = (sx, bottom + w * 4) if sy < cy - ry else (sx, sy)
        angle = math.atan2((target[1] - cy) / ry, (target[0] - cx) / rx)
        edge = (cx + rx * 1.08 * math.cos(angle), cy + ry * 1.12 * math.sin(angle))
        end = target if sy < cy - ry else _towards(target, edge, radius * 1.3)
        _arrow(draw, edge, end, rng, palette.colours[(i + 1) % 3], w)


def _layout_path(
    image: Image.Image,
    title: str,
    labels: list[str],
    quote: str,
    palette: Palette,
    rng: random.Random,
) -> None:
    """The title top left, underlined twice; a winding road with the stations along it."""
    del quote  # draw_board never gives this layout a quote: there is no room for it
    width, height = image.size
    w = _pen(image)
    draw = ImageDraw.Draw(image)
    colour = rng.choice(palette.colours)
    _, bottom = _letter_block(
        image,
        title,
        (width * 0.06, height * 0.04, width * 0.8, height * 0.24),
        palette.ink,
        rng,
        max_size=round(height * 0.085),
        max_lines=3,
        shadow=colour,
        align="left",
    )
    for k in range(2):
        y = bottom + w * (3 + 4 * k)
        underline = [(width * 0.06, y), (width * rng.uniform(0.55, 0.75), y + rng.uniform(-w, w))]
        _stroke(
            draw,
            _wobble(underline, rng, w * 0.8, 20),
            palette.colours[(k + 1) % 3],
            w * 2 - k * w // 2,
        )
    count = len(labels)
    radius = min(width / (count + 1) * 0.4, height * 0.11)
    road_top = bottom + height * 0.05 + radius * 3.2
    road_bottom = height * 0.93 - radius * 3.6
    road: list[Point] = []
    phase = rng.uniform(0, math.tau)
    for i in range(61):
        t = i / 60
        x = width * (0.05 + 0.9 * t)
        y = road_top + (road_bottom - road_top) * (0.5 + 0.5 * math.sin(t * math.pi * 1.6 + phase))
        road.append((x, y))
    _stroke(draw, road, _light(colour, 0.3), round(min(width, height) * 0.05))
    for i in range(0, len(road) - 2, 4):
        _stroke(draw, road[i : i + 3], palette.ink, max(2, w // 2))
    _arrow(draw, road[-6], (road[-1][0] + w * 4, road[-1][1]), rng, palette.ink, w)
    used: set[str] = set()
    for i, label in enumerate(labels):
        x, y = road[round((i + 0.5) / count * 60)]
        above = i % 2 == 0
        cy = y - radius * 2.0 if above else y + radius * 1.6
        r = w * 2.5
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=palette.colours[i % 3], outline=palette.ink, width=w
        )
        _station(
            image,
            (x, cy),
            radius,
            label,
            palette,
            rng,
            palette.colours[i % 3],
            used,
            framed=not above,
            label_width=width / count * 0.95,
        )


# --- finishing touches ---------------------------------------------------------------------


def _decorate(image: Image.Image, palette: Palette, rng: random.Random) -> None:
    """Stars and dots in the margins: graphic recorders fill the gaps at the end."""
    width, height = image.size
    draw = ImageDraw.Draw(image)
    w = _pen(image)
    for _ in range(rng.randint(3, 6)):
        x = rng.choice((rng.uniform(0.02, 0.08), rng.uniform(0.92, 0.98))) * width
        y = rng.uniform(0.3, 0.95) * height
        r = rng.uniform(0.01, 0.02) * min(width, height)
        colour = rng.choice(palette.colours)
        if rng.random() < 0.5:
            for k in range(4):
                angle = k * math.pi / 4
                dx, dy = r * math.cos(angle), r * math.sin(angle)
                _stroke(draw, [(x - dx, y - dy), (x + dx, y + dy)], colour, w)
        else:
            draw.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=colour)


def _sign(image: Image.Image, signature: str, palette: Palette, rng: random.Random) -> None:
    width, height = image.size
    size = max(12, round(min(width, height) * 0.028))
    x = width * 0.96 - _text_width(signature, size)
    _letter(image, signature, (x, height * 0.97), size, palette.ink, rng, wobble=0.6)
