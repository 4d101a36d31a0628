"""Where Gambit's game files are: ``../shared/corpus/gambit`` beside the project.

The project carries no file of Gambit's.  Developers and CI have the corpus in the
shared folder next to the checkout; ``GAMETOOLKIT_CORPUS`` points elsewhere.  Tests
that need it use :data:`needs_corpus` and skip with the reason below where it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("GAMETOOLKIT_CORPUS", ROOT.parent / "shared" / "corpus" / "gambit"))
HAVE_CORPUS = CORPUS.is_dir() and any(CORPUS.rglob("*.efg"))
REASON = f"Gambit's corpus is not at {CORPUS} (expected ../shared/corpus/gambit beside the project, or GAMETOOLKIT_CORPUS)"
needs_corpus = pytest.mark.skipif(not HAVE_CORPUS, reason=REASON)
