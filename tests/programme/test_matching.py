"""Matching items to sessions by capture time, grace period and camera clock offsets."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from carnet.errors import InvalidValue
from carnet.programme.matching import (
    CaptureInfo,
    MatchResult,
    SessionSlot,
    match_items,
    parse_duration,
    parse_offset,
    true_capture_time,
)

PARIS = ZoneInfo("Europe/Paris")
GRACE = timedelta(minutes=15)
PHONE = "Apple iPhone 7"
CAMERA = "Canon EOS 80D"


def paris(hour: int, minute: int = 0, day: int = 29, month: int = 9) -> datetime:
    return datetime(2016, month, day, hour, minute, tzinfo=PARIS)


def wall(hour: int, minute: int = 0, day: int = 29, month: int = 9) -> datetime:
    """A naive camera time, as plain EXIF gives it."""
    return datetime(2016, month, day, hour, minute)


FORUM = [
    SessionSlot(1, paris(9, 30), paris(10), "Ouverture"),
    SessionSlot(2, paris(10, 30), paris(11, 45), "Les communs (salle A)"),
    SessionSlot(3, paris(10, 30), paris(11, 45), "Villes et données (salle B)"),
    SessionSlot(4, paris(14), paris(15, 30), "Atelier"),
    SessionSlot(5, paris(16), paris(16, 45), "Clôture"),
]


def match_one(
    captured_at: datetime | None,
    sessions: list[SessionSlot] = FORUM,
    camera: str | None = PHONE,
    offsets: dict[str, timedelta] | None = None,
    grace: timedelta = GRACE,
) -> MatchResult:
    (result,) = match_items(
        [CaptureInfo(99, captured_at, camera)], sessions, PARIS, grace, offsets or {}
    )
    assert result.item_id == 99
    return result


def test_during_a_session() -> None:
    assert match_one(wall(9, 45)) == MatchResult(99, 1, "during")


def test_session_times_are_half_open() -> None:
    assert match_one(wall(9, 30)) == MatchResult(99, 1, "during")
    # At its end time the session is over: that is the grace period already.
    assert match_one(wall(10)) == MatchResult(99, 1, "grace")


def test_within_grace_after_the_end() -> None:
    assert match_one(wall(10, 10)) == MatchResult(99, 1, "grace")
    assert match_one(wall(10, 14)) == MatchResult(99, 1, "grace")


def test_after_grace_and_before_everything() -> None:
    assert match_one(wall(10, 15)) == MatchResult(99, None, "no-session")
    assert match_one(wall(10, 20)) == MatchResult(99, None, "no-session")
    assert match_one(wall(8)) == MatchResult(99, None, "no-session")
    assert match_one(wall(12), grace=timedelta(0)) == MatchResult(99, None, "no-session")


def test_parallel_sessions_are_ambiguous_with_their_candidates() -> None:
    assert match_one(wall(11)) == MatchResult(99, None, "ambiguous", (2, 3))


def test_parallel_sessions_ending_together_are_ambiguous_in_grace() -> None:
    assert match_one(wall(11, 50)) == MatchResult(99, None, "ambiguous", (2, 3))


def test_caller_narrows_parallel_sessions_by_room() -> None:
    room_a = [s for s in FORUM if s.session_id != 3]

    assert match_one(wall(11), room_a) == MatchResult(99, 2, "during")
    assert match_one(wall(11, 50), room_a) == MatchResult(99, 2, "grace")


def test_a_running_session_wins_over_one_in_its_grace_period() -> None:
    sessions = [
        SessionSlot(10, paris(11), paris(12)),
        SessionSlot(11, paris(12), paris(13)),
    ]

    assert match_one(wall(12, 5), sessions) == MatchResult(99, 11, "during")


def test_the_most_recently_ended_session_takes_the_grace_period() -> None:
    sessions = [
        SessionSlot(20, paris(10), paris(11, 45)),
        SessionSlot(21, paris(10, 30), paris(11, 50)),
    ]

    assert match_one(wall(11, 55), sessions) == MatchResult(99, 21, "grace")


def test_camera_offset_moves_an_item_into_another_session() -> None:
    # The camera's clock is one hour late: its 13:20 (lunch) is really 14:20 (the workshop).
    offsets = {CAMERA: parse_offset("+01:00:00")}

    late_camera = match_one(wall(13, 20), camera=CAMERA, offsets=offsets)
    other_camera = match_one(wall(13, 20), camera=PHONE, offsets=offsets)
    unknown_camera = match_one(wall(13, 20), camera=None, offsets=offsets)

    assert late_camera == MatchResult(99, 4, "during")
    assert other_camera == MatchResult(99, None, "no-session")
    assert unknown_camera == MatchResult(99, None, "no-session")


def test_fast_camera_offset_moves_an_item_back_into_a_session() -> None:
    # Five minutes fast: 10:02 on the camera is 09:57, still the opening.
    offsets = {PHONE: parse_offset("-00:05")}

    assert match_one(wall(10, 2), offsets=offsets) == MatchResult(99, 1, "during")
    assert match_one(wall(10, 2)) == MatchResult(99, 1, "grace")


def test_aware_capture_times_are_taken_as_written() -> None:
    montreal = timezone(timedelta(hours=-4))

    # 10:15 at UTC-4 is 16:15 in Paris: the closing session.
    assert match_one(datetime(2016, 9, 29, 10, 15, tzinfo=montreal)) == MatchResult(99, 5, "during")
    # 07:45 UTC is 09:45 in Paris.
    assert match_one(datetime(2016, 9, 29, 7, 45, tzinfo=UTC)) == MatchResult(99, 1, "during")
    # Camera offsets apply to aware times too.
    shifted = match_one(
        datetime(2016, 9, 29, 7, 45, tzinfo=UTC), offsets={PHONE: timedelta(hours=4, minutes=30)}
    )
    assert shifted == MatchResult(99, 4, "during")


def test_items_without_time() -> None:
    assert match_one(None) == MatchResult(99, None, "no-time")
    assert match_one(None, offsets={PHONE: timedelta(hours=1)}) == MatchResult(99, None, "no-time")


def test_results_keep_the_order_and_ids_of_the_items() -> None:
    items = [
        CaptureInfo(30, wall(16, 10), PHONE),
        CaptureInfo(10, None, PHONE),
        CaptureInfo(20, wall(9, 45), None),
    ]

    results = match_items(iter(items), FORUM, PARIS, GRACE, {})

    assert [(r.item_id, r.session_id, r.reason) for r in results] == [
        (30, 5, "during"),
        (10, None, "no-time"),
        (20, 1, "during"),
    ]


def test_no_sessions_at_all() -> None:
    assert match_one(wall(10), sessions=[]) == MatchResult(99, None, "no-session")


def test_sessions_ending_before_they_start_are_ignored() -> None:
    sessions = [SessionSlot(1, paris(11), paris(10)), SessionSlot(2, paris(9), paris(12))]

    assert match_one(wall(10, 30), sessions) == MatchResult(99, 2, "during")


def test_negative_grace_is_refused() -> None:
    with pytest.raises(InvalidValue, match="grace"):
        match_items([], FORUM, PARIS, timedelta(minutes=-1), {})


# ---------------------------------------------------------------- daylight saving time

# 30 October 2016 in Paris: at 03:00 CEST the clocks go back to 02:00 CET, so local times
# from 02:00 to 02:59 happen twice. Sessions are stored as aware times, unambiguous.
FALL_BACK = [
    SessionSlot(
        40, datetime(2016, 10, 30, 0, 0, tzinfo=UTC), datetime(2016, 10, 30, 1, tzinfo=UTC)
    ),
    SessionSlot(
        41, datetime(2016, 10, 30, 1, 0, tzinfo=UTC), datetime(2016, 10, 30, 2, tzinfo=UTC)
    ),
    SessionSlot(42, paris(10, day=30, month=10), paris(11, day=30, month=10)),
]


def test_ambiguous_local_time_on_the_fall_back_night_is_the_first_one() -> None:
    item = CaptureInfo(1, datetime(2016, 10, 30, 2, 30), PHONE)

    true = true_capture_time(item, PARIS, {})

    assert true is not None and true.utcoffset() == timedelta(hours=2)
    # (An aware time in a fold never compares equal across zones, by PEP 495: go to UTC.)
    assert true.astimezone(UTC) == datetime(2016, 10, 30, 0, 30, tzinfo=UTC)
    assert match_one(item.captured_at, FALL_BACK) == MatchResult(99, 40, "during")


def test_after_the_change_the_winter_offset_applies() -> None:
    item = CaptureInfo(1, datetime(2016, 10, 30, 10, 30), PHONE)

    true = true_capture_time(item, PARIS, {})

    assert true is not None and true.utcoffset() == timedelta(hours=1)
    assert match_one(item.captured_at, FALL_BACK) == MatchResult(99, 42, "during")


def test_non_existent_local_time_in_spring_uses_the_offset_before_the_change() -> None:
    # 27 March 2016: 02:00 CET jumps to 03:00 CEST; 02:30 never happened on the wall.
    item = CaptureInfo(1, datetime(2016, 3, 27, 2, 30), PHONE)
    spring = [
        SessionSlot(50, datetime(2016, 3, 27, 1, tzinfo=UTC), datetime(2016, 3, 27, 2, tzinfo=UTC))
    ]

    true = true_capture_time(item, PARIS, {})

    assert true is not None and true.astimezone(UTC) == datetime(2016, 3, 27, 1, 30, tzinfo=UTC)
    assert match_one(item.captured_at, spring) == MatchResult(99, 50, "during")


def test_an_offset_crossing_the_change_is_added_in_real_time() -> None:
    # 01:30 CEST on the camera, clock one hour late: really 01:30 + 1 h of elapsed time.
    item = CaptureInfo(1, datetime(2016, 10, 30, 1, 30), CAMERA)

    true = true_capture_time(item, PARIS, {CAMERA: timedelta(hours=1)})

    assert true is not None
    assert true.astimezone(UTC) == datetime(2016, 10, 30, 0, 30, tzinfo=UTC)
    assert match_items([item], FALL_BACK, PARIS, GRACE, {CAMERA: timedelta(hours=1)}) == [
        MatchResult(1, 40, "during")
    ]


# ---------------------------------------------------------------- true_capture_time


def test_true_capture_time_adds_the_offset() -> None:
    info = CaptureInfo(1, wall(13, 20), CAMERA)

    assert true_capture_time(info, PARIS, {CAMERA: timedelta(hours=1)}) == paris(14, 20)
    late = paris(13, 18) + timedelta(seconds=30)
    assert true_capture_time(info, PARIS, {CAMERA: timedelta(seconds=-90)}) == late
    assert true_capture_time(info, PARIS, {}) == paris(13, 20)
    assert true_capture_time(CaptureInfo(1, None, CAMERA), PARIS, {}) is None
    aware = CaptureInfo(1, datetime(2016, 9, 29, 11, 20, tzinfo=UTC), CAMERA)
    assert true_capture_time(aware, PARIS, {CAMERA: timedelta(hours=1)}) == paris(14, 20)


# ---------------------------------------------------------------- offsets and durations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+01:00:00", timedelta(hours=1)),
        ("-00:05", timedelta(minutes=-5)),
        ("-00:00:30", timedelta(seconds=-30)),
        ("+1h", timedelta(hours=1)),
        ("-90s", timedelta(seconds=-90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("- 1 h 5 min 3 s", -timedelta(hours=1, minutes=5, seconds=3)),
        ("+2d", timedelta(days=2)),
        ("0", timedelta(0)),
        ("+1.5h", timedelta(hours=1, minutes=30)),
    ],
)
def test_parse_offset(text: str, expected: timedelta) -> None:
    assert parse_offset(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty clock offset"),
        ("+", "empty clock offset"),
        ("45", "give a unit"),
        ("+1x", "unknown unit 'x'"),
        ("1h1h", "given twice"),
        ("00:75", "up to 59"),
        ("one hour", "cannot read"),
        ("+-1h", "cannot read"),
    ],
)
def test_parse_offset_refuses_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message) as caught:
        parse_offset(text)
    assert "e.g." in str(caught.value) or "twice" in message or "59" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45m", timedelta(minutes=45)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("90s", timedelta(seconds=90)),
        ("00:45:00", timedelta(minutes=45)),
        ("00:45", timedelta(minutes=45)),
        ("2h", timedelta(hours=2)),
        ("0", timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("-5m", "cannot have a sign"), ("45", "give a unit"), ("soon", "cannot read")],
)
def test_parse_duration_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        parse_duration(text)


# ---------------------------------------------------------------- size


def test_a_big_archive_against_a_big_programme_matches_like_the_obvious_way() -> None:
    """20,000 items x 1,000 sessions agree with a brute-force scan (bench/ measures speed)."""
    rng = random.Random(7)
    day_one = paris(8)
    sessions = [
        SessionSlot(
            i,
            day_one + timedelta(minutes=20 * (i // 4)),
            day_one + timedelta(minutes=20 * (i // 4) + 45),
        )
        for i in range(1000)
    ]
    items = [
        CaptureInfo(
            i,
            datetime(2016, 9, 29, 8) + timedelta(seconds=rng.randrange(0, 4 * 86400)),
            rng.choice([PHONE, CAMERA, None]),
        )
        for i in range(20_000)
    ]
    offsets = {CAMERA: timedelta(minutes=-7)}

    results = match_items(items, sessions, PARIS, GRACE, offsets)

    assert len(results) == len(items)
    # Same answers as the obvious (slow) way, on a sample.
    for info, result in zip(items[:300], results[:300], strict=True):
        t = true_capture_time(info, PARIS, offsets)
        assert t is not None
        running = [s.session_id for s in sessions if s.start <= t < s.end]
        if len(running) == 1:
            assert result == MatchResult(info.item_id, running[0], "during")
        elif running:
            assert result == MatchResult(info.item_id, None, "ambiguous", tuple(running))
        else:
            ended = [s for s in sessions if s.end <= t < s.end + GRACE]
            latest = max((s.end for s in ended), default=None)
            ids = tuple(s.session_id for s in ended if s.end == latest)
            if not ids:
                assert result.reason == "no-session"
            elif len(ids) == 1:
                assert result == MatchResult(info.item_id, ids[0], "grace")
            else:
                assert result == MatchResult(info.item_id, None, "ambiguous", ids)
