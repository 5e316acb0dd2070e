"""The Linux desktop integration: the .desktop file and the AppStream metainfo."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.packaging.scripts import ROOT

LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.carnet.Carnet"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tool(name: str) -> str:
    path = shutil.which(name)
    # Not a skip: .ci/run installs it (apt: desktop-file-utils, appstream).
    assert path, f"{name} is not installed (apt-get install desktop-file-utils appstream)"
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.RawConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    done = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    # It exits 0 on warnings too: any message is a failure here.
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_desktop_file_says_what_the_issue_asks() -> None:
    entry = desktop_entry()
    for key in ("Name", "GenericName", "Comment"):
        assert entry.get(key) and entry.get(f"{key}[fr]"), key
    assert entry["GenericName"] != entry["GenericName[fr]"]
    assert entry["Comment"] != entry["Comment[fr]"]
    assert entry["Categories"] == "Graphics;Photography;Viewer;"
    mime = set(entry["MimeType"].strip(";").split(";"))
    assert mime == {"image/jpeg", "image/png", "image/tiff", "image/webp", "image/heic",
                    "image/heif"}  # fmt: skip
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "carnet"


def test_metainfo_validates() -> None:
    done = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Errors and warnings fail; infos and pedantic remarks (E:, W: vs I:, P:) do not.
    bad = [line for line in done.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert not bad, done.stdout


def test_metainfo_matches_the_desktop_file_and_the_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == desktop_entry()["Icon"]
    summaries = {s.get(XML_LANG, "en") for s in root.findall("summary")}
    assert summaries == {"en", "fr"}
    assert len(root.findall("screenshots/screenshot")) >= 1
    assert root.find("content_rating") is not None
    with (ROOT / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert releases and releases[0] == version, "the newest release is the pyproject version"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version}]" in changelog


def test_screenshots_named_in_the_metainfo_are_in_the_repository() -> None:
    root = ET.parse(METAINFO).getroot()
    for image in root.findall("screenshots/screenshot/image"):
        name = Path(image.text or "").name
        assert (ROOT / "docs" / "screenshots" / name).is_file(), name
