"""The parts of the consumer test (`devtools/consumer_test.py`) that decide by themselves,
checked without a registry: a bundle holding a second copy of a library fails, and every
published package ships the repository's license."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.consumer_test import check_single_copies
from devtools.emulators import ROOT
from devtools.packages import PACKAGES, WEB, Failed

INSTALLED = ("firebase", "react", "@types/react", "typescript", "vite")


def app_with_bundle(tmp_path: Path, sources: list[str]) -> Path:
    """A built app whose bundle's source map lists `sources`."""
    assets = tmp_path / "app" / "dist" / "assets"
    assets.mkdir(parents=True)
    (assets / "index-x.js.map").write_text(json.dumps({"version": 3, "sources": sources}))
    for name in INSTALLED:
        package = tmp_path / "app" / "node_modules" / name
        package.mkdir(parents=True)
        (package / "package.json").write_text(json.dumps({"name": name, "version": "1.0.0"}))
    return tmp_path / "app"


ONE_COPY = [
    "../../node_modules/react/cjs/react.production.js",
    "../../node_modules/react-dom/cjs/react-dom-client.production.js",
    "../../node_modules/@firebase/app/dist/esm/index.esm.js",
    "../../node_modules/@firebase/auth/dist/esm/index.js",
    "../../node_modules/@firebase/firestore/dist/index.esm.js",
    "../../node_modules/@teamkit/client/dist/teamkit.js",
]


def test_one_copy_of_each_library_passes(tmp_path: Path) -> None:
    versions = check_single_copies(app_with_bundle(tmp_path, ONE_COPY))

    assert versions["firebase"] == "1.0.0"


def test_a_second_copy_of_firestore_fails(tmp_path: Path) -> None:
    nested = "../../node_modules/@teamkit/client/node_modules/@firebase/firestore/dist/index.js"

    with pytest.raises(Failed, match="@firebase/firestore"):
        check_single_copies(app_with_bundle(tmp_path, [*ONE_COPY, nested]))


def test_a_missing_library_fails(tmp_path: Path) -> None:
    without_react = [source for source in ONE_COPY if "/react/" not in source]

    with pytest.raises(Failed, match="'react'"):
        check_single_copies(app_with_bundle(tmp_path, without_react))


def test_every_package_ships_the_repository_license() -> None:
    license_text = (ROOT / "LICENSE").read_text()

    for package in PACKAGES:
        directory = WEB / "packages" / package
        manifest = json.loads((directory / "package.json").read_text())
        assert (directory / "LICENSE").read_text() == license_text
        assert manifest["license"] == "MIT"
