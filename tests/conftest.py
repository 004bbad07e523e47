"""Shared test setup: a headless matplotlib backend and paths to the repository's parts."""

from __future__ import annotations

from pathlib import Path

import matplotlib

# Headless figures for the helper tests. Not through MPLBACKEND: the notebook kernels that nbval
# starts inherit the environment, and must keep their inline backend to show (and compare) figures.
matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
