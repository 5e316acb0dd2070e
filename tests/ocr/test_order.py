"""Reading order of the boxes an engine found: lines, columns, titles."""

from __future__ import annotations

from carnet.ocr.order import Box, box_from_points, reading_lines


def _box(left: float, top: float, text: str, width: float = 200, height: float = 40) -> Box:
    return Box(left, top, left + width, top + height, text)


def test_lines_top_to_bottom_and_words_left_to_right_whatever_the_engine_order() -> None:
    boxes = [
        _box(185, 102, "JETER", 150),
        _box(10, 0, "RÉPARER"),
        _box(40, 100, "QUE", 120),
        _box(235, 4, "PLUTÔT"),
    ]
    assert reading_lines(boxes) == ["RÉPARER PLUTÔT", "QUE JETER"]


def test_two_columns_are_read_one_after_the_other_even_when_their_lines_interleave() -> None:
    left = [_box(0, 100 + 60 * n, f"gauche {n}") for n in range(3)]
    right = [_box(600, 130 + 60 * n, f"droite {n}") for n in range(3)]
    lines = reading_lines([*right, *left])
    assert lines == [*(f"gauche {n}" for n in range(3)), *(f"droite {n}" for n in range(3))]


def test_a_title_across_the_columns_is_read_first() -> None:
    title = _box(50, 0, "LE NUMÉRIQUE EN COMMUN", width=700)
    left = [_box(0, 100 + 60 * n, f"a{n}") for n in range(2)]
    right = [_box(600, 100 + 60 * n, f"b{n}") for n in range(2)]
    assert reading_lines([*right, title, *left]) == [
        "LE NUMÉRIQUE EN COMMUN",
        "a0",
        "a1",
        "b0",
        "b1",
    ]


def test_the_space_between_words_does_not_make_columns() -> None:
    # Two lines of two words whose gaps (as wide as a letter is tall) line up: still two
    # lines, not two columns.
    boxes = [
        _box(0, 0, "UN", 100),
        _box(140, 0, "ALGORITHME", 300),
        _box(0, 60, "DES", 100),
        _box(140, 60, "CARTES", 300),
    ]
    assert reading_lines(boxes) == ["UN ALGORITHME", "DES CARTES"]


def test_tilted_lettering_keeps_its_line() -> None:
    # Each word a little lower than the one before (a board photographed askew).
    boxes = [_box(220 * n, 8 * n, w, 200) for n, w in enumerate(["LES", "COMMUNS", "NUMÉRIQUES"])]
    boxes.append(_box(0, 90, "ENSEMBLE"))
    assert reading_lines(boxes) == ["LES COMMUNS NUMÉRIQUES", "ENSEMBLE"]


def test_empty_and_blank_boxes_give_no_line() -> None:
    assert reading_lines([]) == []
    assert reading_lines([_box(0, 0, "  ")]) == []


def test_a_quadrilateral_becomes_its_rectangle() -> None:
    box = box_from_points([[10, 12], [110, 8], [112, 50], [9, 52]], "MOT", 0.9)
    assert (box.left, box.top, box.right, box.bottom) == (9, 8, 112, 52)
    assert box.text == "MOT" and box.score == 0.9
