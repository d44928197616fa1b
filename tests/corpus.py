"""Where the shared corpus lives for tests: ../shared/corpus relative to the project root."""

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "000-seed" / "bulletin.txt"

needs_corpus = pytest.mark.skipif(not SEED.exists(), reason=f"shared corpus not found at {CORPUS} "
                                  "(tests reading real bulletins need ../shared beside the project)")


def seed_as_html() -> str:
    """The real seed bulletin wrapped as an HTML page, one <p> per line (the page's own text, unchanged)."""
    import html

    lines = SEED.read_text(encoding="utf-8").splitlines()
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>seed</title></head><body>{body}</body></html>"
