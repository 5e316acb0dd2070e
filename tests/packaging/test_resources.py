"""``carnet.resources.resource_root`` finds ``resources/`` from a checkout, a wheel, a bundle."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from carnet import resources
from tests.packaging.scripts import ROOT, load


def resources_module_at(package: Path) -> ModuleType:
    """A fresh copy of ``carnet/resources.py`` living in ``package`` (not cached)."""
    package.mkdir(parents=True, exist_ok=True)
    shutil.copy(resources.__file__, package / "resources.py")
    return load("resources_copy", package / "resources.py")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARNET_RESOURCES", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def test_a_checkout_finds_the_repository_resources() -> None:
    module = load("resources_checkout", Path(resources.__file__))
    assert module.resource_root() == ROOT / "resources"
    assert (module.resource_path("kit", "templates") / "base.html").is_file()


def test_an_installed_package_finds_its_own_resources(tmp_path: Path) -> None:
    # A wheel installs carnet/resources.py next to carnet/resources/ (packaging/carnet_build.py).
    package = tmp_path / "site-packages" / "carnet"
    (package / "resources" / "kit").mkdir(parents=True)
    module = resources_module_at(package)
    assert module.resource_root() == package / "resources"


def test_a_bundle_finds_the_resources_it_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "_internal"
    (bundle / "resources").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    module = resources_module_at(bundle / "carnet")
    assert module.resource_root() == bundle / "resources"


def test_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine").mkdir()
    monkeypatch.setenv("CARNET_RESOURCES", str(tmp_path / "mine"))
    module = resources_module_at(tmp_path / "site" / "carnet")
    assert module.resource_root() == tmp_path / "mine"


def test_a_missing_folder_points_at_the_prefix_share(tmp_path: Path) -> None:
    module = resources_module_at(tmp_path / "a" / "b" / "carnet")
    assert module.resource_root() == Path(sys.prefix) / "share" / "carnet" / "resources"
