"""The command line: `nbtruth PATH...` (or `python -m nbtruth`).

Exit status 0 when every check passes, 1 when any problem is found, 2 for a usage error. Each
problem names the notebook, the cell, the `.py` line and what disagrees; each notebook ends with
its coverage line.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .api import explain_unchecked, verify_paths
from .coverage import total
from .registry import CHECKS, select

__all__ = ["main"]


def _parser(prog: str) -> argparse.ArgumentParser:
    """The command's arguments, with every known check listed in the help."""
    checks = "; ".join(f"{c.name} ({c.kind})" for c in CHECKS)
    parser = argparse.ArgumentParser(prog=prog, description="Check that notebooks' text agrees with their code.",
                                     epilog=f"checks: {checks}")
    parser.add_argument("paths", nargs="+", type=Path, help="notebook folders, .ipynb or .py files")
    parser.add_argument("--style", action="store_true", help="also run the house-style checks")
    parser.add_argument("--check", action="append", metavar="NAME", help="run only these checks (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no coverage lines")
    parser.add_argument("--explain-unchecked", action="store_true",
                        help="list every stating equation left unchecked, with the reason")
    return parser


def main(argv: list[str] | None = None, prog: str = "nbtruth", settings: dict | None = None) -> int:
    """Check notebooks against their text; print problems and coverage; return the exit status."""
    args = _parser(prog).parse_args(argv)
    settings = {**(settings or {}), "style": args.style or (settings or {}).get("style", False)}
    warnings.filterwarnings("ignore", module="sympy")
    try:
        checks = select(settings["style"], args.check)
        covered, problems = verify_paths(args.paths, checks, settings)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    if args.explain_unchecked:
        for path, _ in covered:
            for cell, statement, why in explain_unchecked(path):
                print(f"{path}, cell {cell}: unchecked `{' '.join(statement.split())}`: {why}")
    if not args.quiet:
        for path, cov in covered:
            print(f"{path}: {cov if cov is not None else 'not read'}")
        counts = [cov for _, cov in covered if cov is not None]
        if len(counts) > 1:
            print(f"all {len(counts)} notebooks: {total(counts).share()}")
    print(f"{len(covered)} notebook(s) checked: {len(problems)} problem(s)")
    return 1 if problems else 0
