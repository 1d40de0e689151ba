"""What a store was written by: the package version and commit, and a fingerprint of the extraction code."""

from __future__ import annotations

import hashlib
import subprocess
from functools import cache
from pathlib import Path

__all__ = ["extractor_fingerprint", "code_version"]


@cache
def extractor_fingerprint() -> str:
    """A hash of what decides the stored claims and attacks: the extraction code, the lexicons, the
    claim frames and the reconciliation rule."""
    root = Path(__file__).parent
    files = sorted([*root.glob("extract/*.py"), *root.glob("lexicon/*"), *root.glob("sources/*.py"),
                    *(root / name for name in ("claimrows.py", "frames.py", "model.py", "schemas.py", "reconcile.py"))])
    digest = hashlib.sha256()
    for f in files:
        if f.is_file():
            digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


def code_version() -> str:
    """The package version, with the git commit when run from a checkout."""
    from etl import __version__

    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{__version__}+g{sha}" if sha else __version__
