"""Corrections: strict parsing, lenient reading, geometry, and corner detection on boards."""

from __future__ import annotations

import logging
import math
import random

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from carnet.errors import InvalidValue
from carnet.media.corrections import (
    NO_CORRECTIONS,
    Corrections,
    apply_corrections,
    carry_crop,
    corrected_size,
    detect_corners,
    parse_corrections,
    read_corrections,
    rotated_size,
)

# ---------------------------------------------------------------- generated board photos


def _background(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A cluttered, textured, darker surrounding: floor, wall, furniture, a window."""
    width, height = size
    noise = np.random.default_rng(rng.randrange(2**32)).integers(40, 120, (height, width, 3))
    image = Image.fromarray(noise.astype(np.uint8), "RGB").filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(20, width // 4), rng.randrange(20, height // 4)
        shade = tuple(rng.randrange(20, 150) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + w, y + h), fill=shade)
        else:
            draw.ellipse((x, y, x + w, y + h), fill=shade)
    for _ in range(30):  # cables, table edges
        draw.line(
            [(rng.randrange(width), rng.randrange(height)) for _ in range(2)],
            fill=tuple(rng.randrange(0, 170) for _ in range(3)),
            width=rng.randrange(2, 8),
        )
    return image


def _board(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A light board with lettering, boxes and arrows in dark and coloured markers."""
    width, height = size
    board = Image.new("RGB", size, (236, 234, 226))
    draw = ImageDraw.Draw(board)
    for row in range(12):
        y = 30 + row * (height - 60) // 12
        x = 30
        while x < width - 80:
            word = rng.randrange(20, 90)
            colour = rng.choice([(20, 20, 20), (30, 60, 160), (170, 30, 30)])
            draw.line((x, y, x + word, y + rng.randrange(-4, 5)), fill=colour, width=4)
            x += word + rng.randrange(10, 30)
    for _ in range(4):
        x, y = rng.randrange(width - 150), rng.randrange(height - 100)
        draw.rectangle((x, y, x + 140, y + 90), outline=(20, 20, 20), width=5)
    return board


def _photo(seed: int, angle: float, tilt: float) -> tuple[Image.Image, np.ndarray]:
    """A board photographed at ``angle`` degrees, with a perspective ``tilt``; returns the
    photo and the board's true corners (TL, TR, BR, BL)."""
    rng = random.Random(seed)
    size = (1600, 1200)
    board = _board((1000, 700), rng)
    cx, cy = size[0] / 2 + rng.uniform(-60, 60), size[1] / 2 + rng.uniform(-40, 40)
    half_w, half_h = 500.0, 350.0
    flat = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    # The far (top) side looks shorter: a perspective seen from below.
    squeezed = [(x * (1 - tilt if y < 0 else 1), y * (1 - tilt / 3)) for x, y in flat]
    radians = math.radians(angle)
    cos, sin = math.cos(radians), math.sin(radians)
    corners = np.array(
        [(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in squeezed], dtype=np.float32
    )
    source = np.array([[0, 0], [999, 0], [999, 699], [0, 699]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    warped = cv2.warpPerspective(np.asarray(board), matrix, size)
    mask = cv2.warpPerspective(np.full((700, 1000), 255, np.uint8), matrix, size)
    photo = _background(size, rng)
    photo.paste(Image.fromarray(warped), (0, 0), Image.fromarray(mask))
    return photo, corners


@pytest.mark.parametrize(
    ("seed", "angle", "tilt"),
    [
        (1, 0.0, 0.0),
        (2, 8.0, 0.15),
        (3, -12.0, 0.1),
        (4, 25.0, 0.2),
        (5, -30.0, 0.05),
        (6, 4.0, 0.3),
    ],
)
def test_detect_corners_finds_the_board_within_two_percent(
    seed: int, angle: float, tilt: float
) -> None:
    photo, truth = _photo(seed, angle, tilt)
    found = detect_corners(photo)
    assert found is not None
    diagonal = math.hypot(*photo.size)
    errors = [math.dist(f, t) for f, t in zip(found, truth.tolist(), strict=True)]
    assert max(errors) <= 0.02 * diagonal, errors


def test_detect_corners_says_none_on_a_picture_without_a_board() -> None:
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 255, (600, 800, 3)).astype(np.uint8), "RGB")
    assert detect_corners(noise) is None


# ---------------------------------------------------------------- parsing


def test_parse_round_trips_through_json() -> None:
    value = Corrections(
        rotate=2.5,
        corners=((10.0, 12.0), (900.0, 20.0), (880.0, 700.0), (15.0, 690.0)),
        crop=(0.1, 0.05, 0.8, 0.9),
    )
    text = value.to_json()
    assert text is not None
    assert parse_corrections(text) == value
    assert value.digest() and value.digest() != NO_CORRECTIONS.digest() == ""
    assert NO_CORRECTIONS.to_json() is None
    assert (
        parse_corrections(None)
        == parse_corrections("")
        == parse_corrections("{}")
        == NO_CORRECTIONS
    )


def test_rotation_is_kept_in_one_turn() -> None:
    assert parse_corrections('{"rotate": -90}').rotate == 270.0
    assert Corrections(rotate=270).turned(90) == NO_CORRECTIONS
    assert Corrections(rotate=90).quarter_turn == 90
    assert Corrections(rotate=45).quarter_turn is None


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        "[1, 2]",
        '{"zoom": 2}',
        '{"rotate": "ninety"}',
        '{"rotate": true}',
        '{"rotate": 1e400}',
        '{"corners": [[0, 0], [10, 0], [10, 10]]}',
        '{"corners": [[0, 0], [10, 10], [10, 0], [0, 10]]}',  # crossed: not convex
        '{"corners": [[0, 0], [0, 10], [10, 10], [10, 0]]}',  # anticlockwise
        '{"corners": [[-5, 0], [10, 0], [10, 10], [0, 10]]}',
        '{"crop": [0.5, 0.5, 0.6, 0.2]}',
        '{"crop": [0, 0, 0.001, 0.5]}',
        '{"crop": "0,0,1,1"}',
    ],
)
def test_parse_refuses_bad_values_in_one_sentence(bad: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_corrections(bad)
    message = str(error.value)
    assert message and "\n" not in message


def test_read_corrections_takes_a_foreign_value_for_none_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert read_corrections('{"rotate": "x"}', item_id=3) == NO_CORRECTIONS
    assert "item 3" in caplog.text
    assert read_corrections('{"rotate": 90}').rotate == 90.0


# ---------------------------------------------------------------- applying


def test_quarter_turns_and_crop_are_exact() -> None:
    image = Image.new("RGB", (40, 20), (255, 255, 255))
    image.putpixel((0, 0), (255, 0, 0))
    turned = apply_corrections(image, Corrections(rotate=90))
    assert turned.size == (20, 40)
    assert turned.getpixel((19, 0)) == (255, 0, 0)  # top-left went to the top-right
    cropped = apply_corrections(image, Corrections(crop=(0.5, 0.0, 0.5, 0.5)))
    assert cropped.size == (20, 10)
    assert corrected_size((40, 20), Corrections(rotate=90, crop=(0.0, 0.0, 0.5, 0.5))) == (10, 20)


def test_perspective_makes_the_quadrilateral_a_rectangle() -> None:
    photo, truth = _photo(11, 10.0, 0.2)
    corners = tuple((float(x), float(y)) for x, y in truth.tolist())
    corrections = parse_corrections({"corners": [list(p) for p in corners]})
    out = apply_corrections(photo, corrections)
    assert abs(out.size[0] / out.size[1] - 1000 / 700) < 0.1
    # The board fills the result: its border is the board's light colour, not the floor.
    pixels = np.asarray(out.convert("L")).astype(int)
    border = np.concatenate([pixels[5, 20:-20], pixels[-6, 20:-20], pixels[20:-20, 5]])
    assert np.median(border) > 200
    # Half the scale gives the same picture at half the size.
    half = photo.resize((800, 600))
    assert abs(apply_corrections(half, corrections, 0.5).size[0] - out.size[0] / 2) <= 1


def test_any_angle_widens_the_canvas_with_white() -> None:
    image = Image.new("RGB", (100, 50), (0, 0, 0))
    out = apply_corrections(image, Corrections(rotate=30.0))
    expected = corrected_size((100, 50), Corrections(rotate=30.0))
    assert abs(out.size[0] - expected[0]) <= 2 and abs(out.size[1] - expected[1]) <= 2
    assert out.getpixel((0, 0)) == (255, 255, 255)


# ---------------------------------------------------------------- a crop carried over


def _dot_at(image: Image.Image) -> tuple[float, float]:
    """Where the red dot is in ``image`` (the centre of its reddest pixels)."""
    pixels = np.asarray(image.convert("RGB")).astype(int)
    red = (pixels[:, :, 0] > 150) & (pixels[:, :, 1] < 90) & (pixels[:, :, 2] < 90)
    ys, xs = np.nonzero(red)
    assert len(xs), "no dot"
    return float(xs.mean()), float(ys.mean())


def _drawing_with_a_dot(size: tuple[int, int], dot: tuple[int, int]) -> Image.Image:
    image = Image.new("RGB", size, (235, 235, 225))
    ImageDraw.Draw(image).ellipse((dot[0] - 6, dot[1] - 6, dot[0] + 6, dot[1] + 6), (220, 0, 0))
    return image


def test_a_quarter_turn_turns_the_crop_with_the_drawing() -> None:
    cropped = Corrections(crop=(0.1, 0.2, 0.5, 0.3))
    assert cropped.turned(90).crop == (0.5, 0.1, 0.3, 0.5)
    assert cropped.turned(-90).crop == (0.2, 0.4, 0.3, 0.5)
    assert cropped.turned(90).turned(90).turned(90).turned(90) == cropped
    # The same part of the drawing, at any size: what the crop shows is the same, turned.
    image = _drawing_with_a_dot((400, 300), (90, 120))
    before = apply_corrections(image, cropped)
    after = apply_corrections(image, cropped.turned(90))
    assert after.size == (before.height, before.width)
    (bx, by), (ax, ay) = _dot_at(before), _dot_at(after)
    assert math.dist((ax, ay), (before.height - by, bx)) < 2


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Corrections(), Corrections(rotate=8.0)),
        (Corrections(rotate=3.0), Corrections(rotate=357.0)),
        (Corrections(), Corrections(rotate=-100.0)),
        (
            Corrections(),
            Corrections(corners=((40.0, 20.0), (580.0, 50.0), (560.0, 420.0), (30.0, 380.0))),
        ),
        (
            Corrections(corners=((40.0, 20.0), (580.0, 50.0), (560.0, 420.0), (30.0, 380.0))),
            Corrections(rotate=5.0),
        ),
    ],
)
def test_a_new_angle_or_new_corners_keep_the_crop_on_the_same_part(
    before: Corrections, after: Corrections
) -> None:
    """The point of the drawing at the crop's centre stays there; the crop keeps its size
    in pixels (sides swapped with an odd quarter turn)."""
    size, dot = (600, 450), (330, 210)
    image = _drawing_with_a_dot(size, dot)
    full = apply_corrections(image, before)
    cx, cy = _dot_at(full)
    w, h = 120, 90
    crop = ((cx - w / 2) / full.width, (cy - h / 2) / full.height, w / full.width, h / full.height)
    before = parse_corrections({**before.to_dict(), "crop": crop})
    after = parse_corrections({**after.to_dict(), "crop": before.crop})  # carried over
    carried = carry_crop(before, after, size)
    assert carried.rotate == after.rotate and carried.corners == after.corners
    shown = apply_corrections(image, carried)
    turns = round((carried.rotate - before.rotate) / 90) % 2
    expected = (h, w) if turns else (w, h)
    assert all(abs(a - e) <= 2 for a, e in zip(shown.size, expected, strict=True)), shown.size
    dx, dy = _dot_at(shown)
    assert math.dist((dx, dy), (shown.width / 2, shown.height / 2)) < 4


def test_a_carried_crop_is_clamped_inside_the_new_image() -> None:
    # Near the right edge: turned, it would stick out; it moves in, same size.
    before = Corrections(crop=(0.8, 0.4, 0.2, 0.2))
    carried = carry_crop(before, Corrections(rotate=30.0, crop=before.crop), (400, 300))
    assert carried.crop is not None
    x, y, w, h = carried.crop
    assert x >= 0 and y >= 0 and x + w <= 1 + 1e-6 and y + h <= 1 + 1e-6
    canvas = rotated_size((400, 300), 30.0)
    assert abs(w * canvas[0] - 80) < 0.5 and abs(h * canvas[1] - 60) < 0.5
    # Wider than the new image is high: shrunk to fit, keeping its shape.
    wide = Corrections(crop=(0.0, 0.25, 1.0, 0.5))  # 800×150 of an 800×300 image
    turned = carry_crop(wide, Corrections(rotate=90.0, crop=wide.crop), (800, 300))
    assert turned.crop is not None
    x, y, w, h = turned.crop
    assert (w * 300, h * 800) == pytest.approx((150, 800), abs=0.01)
    tilted = carry_crop(wide, Corrections(rotate=45.0, crop=wide.crop), (800, 300))
    assert tilted.crop is not None
    x, y, w, h = tilted.crop
    side = rotated_size((800, 300), 45.0)[0]  # a square canvas
    assert x == pytest.approx(0, abs=1e-5) and w == pytest.approx(1, abs=1e-5)
    assert (w * side) / (h * side) == pytest.approx(800 / 150, rel=1e-3)


def test_a_crop_given_with_the_new_geometry_is_kept_as_given() -> None:
    before = Corrections(crop=(0.1, 0.1, 0.5, 0.5))
    own = Corrections(rotate=12.0, crop=(0.2, 0.2, 0.3, 0.3))
    assert carry_crop(before, own, (400, 300)) == own
    same = Corrections(crop=(0.1, 0.1, 0.5, 0.5))
    assert carry_crop(before, same, (400, 300)) == same
    assert carry_crop(NO_CORRECTIONS, Corrections(rotate=5.0), (400, 300)).crop is None
    # Fractions kept where no size is known and the turn is not a quarter one.
    assert before.turned(5.0).crop == before.crop


def test_a_carried_crop_is_always_one_the_catalog_takes() -> None:
    rng = random.Random(5)
    for _ in range(400):
        size = (rng.randint(50, 5000), rng.randint(50, 5000))
        w, h = rng.uniform(0.01, 1), rng.uniform(0.01, 1)
        crop = (rng.uniform(0, 1 - w), rng.uniform(0, 1 - h), w, h)
        before = parse_corrections({"rotate": rng.uniform(-400, 400), "crop": crop})
        angle = rng.choice([rng.uniform(0, 360), 90.0, 180.0, 270.0, 0.0])
        x0, y0 = rng.uniform(0, size[0] / 3), rng.uniform(0, size[1] / 3)
        x1, y1 = rng.uniform(2 * size[0] / 3, size[0]), rng.uniform(2 * size[1] / 3, size[1])
        corners = [[x0, y0], [x1, y0 + rng.uniform(0, 5)], [x1, y1], [x0, y1]]
        after = parse_corrections(
            {"rotate": angle, "crop": before.crop, "corners": rng.choice([None, corners])}
        )
        carried = carry_crop(before, after, size)
        assert carried == parse_corrections(carried.to_json())
        if carried.crop is not None:
            x, y, cw, ch = carried.crop
            assert x >= 0 and y >= 0 and x + cw <= 1 + 1e-6 and y + ch <= 1 + 1e-6
