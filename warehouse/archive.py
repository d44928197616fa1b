"""Raw archive: every fetched body stored once under its SHA-256, never overwritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def archive_path(root: Path, sha256: str) -> Path:
    """Where the body with this digest lives: <root>/<first two hex digits>/<digest>."""
    return root / sha256[:2] / sha256


def archive_body(root: Path, sha256: str, body: bytes) -> Path:
    """Store `body` under its digest unless already there (content-addressed, so never overwritten).

    The write goes to a temporary file in the same directory and is renamed into place, so a crash never leaves
    a partial file under a digest name.
    """
    path = archive_path(root, sha256)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(body)
    os.replace(handle.name, path)
    return path
