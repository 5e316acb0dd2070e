"""The wheel carries the resources as ``carnet/resources`` (``make wheel-test`` installs and
runs it; this only looks inside, which is quick)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.packaging.scripts import ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("carnet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def shipped(folder: str, pattern: str) -> set[str]:
    return {
        f"carnet/resources/{folder}/{path.relative_to(ROOT / 'resources' / folder).as_posix()}"
        for path in (ROOT / "resources" / folder).rglob(pattern)
        if path.is_file()  # a folder may have a dot too (vendor/openseadragon-6.1.1)
    }


def test_the_kit_translations_and_icons_are_in_the_wheel(wheel_names: set[str]) -> None:
    expected = shipped("kit", "*.*") | shipped("translations", "*.qm") | shipped("icons", "*.*")
    assert "carnet/resources/kit/templates/base.html" in expected
    assert "carnet/resources/icons/carnet.svg" in expected
    assert expected <= wheel_names, sorted(expected - wheel_names)


def test_translation_sources_stay_out(wheel_names: set[str]) -> None:
    assert not [name for name in wheel_names if name.endswith(".ts")]


def test_the_code_is_there_too(wheel_names: set[str]) -> None:
    assert {"carnet/resources.py", "carnet/cli/__init__.py", "carnet/py.typed"} <= wheel_names
    assert any(name.endswith(".dist-info/entry_points.txt") for name in wheel_names)
