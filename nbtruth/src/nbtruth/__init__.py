"""nbtruth: check that what a notebook's text states is what its code computes.

Truth checks (on by default, for any course): expected-output comments that state a value, numbers
the text states for what its definitions let us compute, and formulas (derivatives, identities),
read with SymPy. Style checks (off unless asked for): `.py` twins in sync, no trailing remarks,
every stated number printed by code. Use it as a command (`nbtruth notebooks/`) or as a pytest
plugin (`--nbtruth`, or `nbtruth = true` under `[tool.pytest.ini_options]`).
"""

from .api import check_notebook, notebooks_under, verify_paths
from .notebook import Context, Problem
from .registry import CHECKS, Check, select

__all__ = ["CHECKS", "Check", "Context", "Problem", "check_notebook", "notebooks_under", "select", "verify_paths"]
