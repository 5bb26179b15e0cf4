"""The incremental-build tests use the benchmark's corpus generator (scripts/benchlib)."""

from __future__ import annotations

import sys

from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
