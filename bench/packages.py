"""The published packages' sizes, measured from the tarballs `npm pack` makes (what an app
installs): each tarball's size, and each package's entry bundled by esbuild with firebase, React
and the other @teamkit packages left out (the app has them anyway), minified and gzipped, against
the budget: `@teamkit/client` <= 8 KB, `@teamkit/react` (provider and hooks) <= 3 KB,
`@teamkit/ui` (the components and both shipped languages, without the hooks they use) <= 10 KB.

`scripts/bench` measures it (`scripts/bench --only packages` alone). About a minute: the packing
builds the packages.
"""

from __future__ import annotations

import gzip
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.report import table
from devtools.emulators import ROOT
from devtools.packages import pack

ESBUILD = ROOT / "web" / "node_modules" / ".bin" / "esbuild"
# What the app provides: never counted in a package's size.
EXTERNAL = ("firebase", "firebase/*", "@firebase/*", "react", "react/*", "react-dom", "@teamkit/*")
BUDGET_KB = {"@teamkit/client": 8.0, "@teamkit/react": 3.0, "@teamkit/ui": 10.0}


@dataclass(frozen=True)
class PackageSize:
    name: str
    tarball_bytes: int
    files: int
    minified_bytes: int
    gzip_bytes: int

    @property
    def gzip_kb(self) -> float:
        return self.gzip_bytes / 1024


def measure(tarball: Path, unpacked: Path) -> PackageSize:
    """Unpack `tarball` and bundle its `exports` entry for the browser, minified, externals out."""
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="data")
        files = sum(1 for member in archive.getmembers() if member.isfile())
    package = unpacked / "package"
    name = "@teamkit/" + tarball.name.removeprefix("teamkit-").rsplit("-", 1)[0]
    code = subprocess.run(
        [
            str(ESBUILD),
            str(package / "dist" / "index.js"),
            "--bundle",
            "--minify",
            "--format=esm",
            "--platform=browser",
            *(f"--external:{pattern}" for pattern in EXTERNAL),
        ],
        check=True,
        capture_output=True,
    ).stdout
    return PackageSize(
        name, tarball.stat().st_size, files, len(code), len(gzip.compress(code, compresslevel=9))
    )


def measure_packages() -> list[PackageSize]:
    with tempfile.TemporaryDirectory(prefix="teamkit-packages-") as temporary:
        work = Path(temporary)
        return [measure(tarball, work / tarball.stem) for tarball in pack(work / "packs")]


def section(sizes: list[PackageSize]) -> str:
    rows = [
        [
            f"`{size.name}`",
            f"{size.tarball_bytes / 1024:.1f} KB ({size.files} files)",
            f"{size.minified_bytes / 1024:.1f} KB",
            f"{size.gzip_kb:.1f} KB",
            f"<= {BUDGET_KB[size.name]:.0f} KB",
            "met" if size.gzip_kb <= BUDGET_KB[size.name] else "**missed**",
        ]
        for size in sizes
    ]
    return "\n\n".join(
        [
            "## Packages",
            "Measured by `bench/packages.py`, from the tarballs `npm pack` makes. Bundle: the "
            "package's `dist/index.js` bundled by esbuild for the browser, minified, with "
            "firebase, React and the other `@teamkit` packages external (the app has them); "
            "gzip level 9. `@teamkit/ui`'s stylesheet is not counted. "
            "The tarballs also carry `src/` (the source maps' sources) and the declarations.",
            table(["package", "tarball", "min", "min+gzip", "budget", ""], rows),
        ]
    )


def packages_section() -> str:
    """Pack, measure and render the packages' section."""
    return section(measure_packages())
