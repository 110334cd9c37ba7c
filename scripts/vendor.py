"""Vendor front-end files from the npm registry into static/vendor/.

Served pages never reach the internet: the files are committed, and this script is the only
way they change. Each package is fetched with `npm pack`, its tarball checked against the
registry's integrity hash, and the listed files copied out. static/vendor/VENDOR.json records
versions and the sha256 of every copied file.

    python scripts/vendor.py           # fetch and copy the versions below
    python scripts/vendor.py --check   # verify the committed files against VENDOR.json
"""

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
MANIFEST = VENDOR / "VENDOR.json"

# package, version, {path inside the package: path under static/vendor/}
PACKAGES = [
    (
        "bootstrap",
        "5.3.9",
        {
            "dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
            "dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
        },
    ),
    (
        "bootstrap-icons",
        "1.13.2",
        {
            "font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
            "font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts/bootstrap-icons.woff2",
            "font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts/bootstrap-icons.woff",
        },
    ),
    ("htmx.org", "2.0.11", {"dist/htmx.min.js": "htmx/htmx.min.js"}),
    # Charts of the dashboards (liaison/reports); the canvas renderer needs no inline styles.
    ("echarts", "6.1.0", {"dist/echarts.min.js": "echarts/echarts.min.js"}),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(name: str, version: str, files: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--json", "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        )
        info = json.loads(out.stdout)[0]
        tarball = Path(tmp) / info["filename"]
        algo, _, expected = info["integrity"].partition("-")
        digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
        if digest != expected:
            sys.exit(f"{name}@{version}: tarball does not match the registry's integrity hash")
        copied = {}
        with tarfile.open(tarball) as tar:
            for source, target in files.items():
                member = tar.extractfile(f"package/{source}")
                if member is None:
                    sys.exit(f"{name}@{version}: {source} not found in the package")
                dest = VENDOR / target
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(member.read())
                copied[target] = sha256(dest)
        return {"version": version, "integrity": info["integrity"], "files": copied}


def check() -> int:
    manifest = json.loads(MANIFEST.read_text())
    bad = [
        target
        for pkg in manifest.values()
        for target, digest in pkg["files"].items()
        if not (VENDOR / target).exists() or sha256(VENDOR / target) != digest
    ]
    for target in bad:
        print(f"changed or missing: static/vendor/{target}")
    return 1 if bad else 0


def main() -> int:
    if "--check" in sys.argv:
        return check()
    manifest = {name: fetch(name, version, files) for name, version, files in PACKAGES}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"vendored {', '.join(f'{n}@{v}' for n, v, _ in PACKAGES)} into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
