"""The command line: `nbtruth PATH...` (or `python -m nbtruth`).

Exit status 0 when every check passes, 1 when any problem is found, 2 for a usage error (no
notebook found, a path that does not exist, an unreadable baseline). Each problem names the
notebook, the cell, the `.py` line and what disagrees; each notebook ends with its coverage line.
`--write-baseline FILE` records today's problems and exits 0; `--baseline FILE` reports only
problems that are not in it (see `nbtruth.baseline`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .api import built_pages, explain_unchecked, skipped_under, verify_paths
from .baseline import filter_known, read_baseline, roots_of, write_baseline
from .coverage import total
from .registry import CHECKS, select

__all__ = ["main"]


def _parser(prog: str) -> argparse.ArgumentParser:
    """The command's arguments, with every known check listed in the help."""
    checks = "; ".join(f"{c.name} ({c.kind})" for c in CHECKS)
    parser = argparse.ArgumentParser(prog=prog, description="Check that notebooks' text agrees with their code.",
                                     epilog=f"checks: {checks}")
    parser.add_argument("paths", nargs="+", type=Path,
                        help="notebook folders (searched with their subfolders), .ipynb or .py files")
    parser.add_argument("--style", action="store_true", help="also run the house-style checks")
    parser.add_argument("--check", action="append", metavar="NAME", help="run only these checks (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no coverage lines")
    parser.add_argument("--explain-unchecked", action="store_true",
                        help="list every stating equation left unchecked, with the reason")
    parser.add_argument("--baseline", type=Path, metavar="FILE",
                        help="report only problems not recorded in FILE (written by --write-baseline)")
    parser.add_argument("--write-baseline", type=Path, metavar="FILE",
                        help="record every problem found in FILE as known, and exit 0")
    parser.add_argument("--progress", action="store_true",
                        help="name each notebook on stderr as it is read, then the time it took")
    return parser


def _reading(k: int, n: int, path: Path) -> Callable[[], None]:
    """`--progress`: `[3/25] path ...` on stderr as the notebook is read, ended by the time it took (`4.2 s`) once it
    is read, so a notebook that takes long is the one whose line is left open."""
    print(f"[{k}/{n}] {path} ...", end="", file=sys.stderr, flush=True)
    start = time.monotonic()

    def done() -> None:
        """End the notebook's line with the time it took."""
        print(f" {time.monotonic() - start:.1f} s", file=sys.stderr, flush=True)

    return done


def _checked(covered: list) -> str:
    """`45 notebook(s) checked`, and how many files could not be read, so every total counts the same notebooks."""
    unread = sum(cov is None for _, cov in covered)
    tail = f" ({unread} file(s) not read, each reported as a problem)" if unread else ""
    return f"{len(covered) - unread} notebook(s) checked{tail}"


def main(argv: list[str] | None = None, prog: str = "nbtruth", settings: dict | None = None) -> int:
    """Check notebooks against their text; print problems and coverage; return the exit status."""
    args = _parser(prog).parse_args(argv)
    settings = {**(settings or {}), "style": args.style or (settings or {}).get("style", False)}
    warnings.filterwarnings("ignore", module="sympy")
    try:
        checks = select(settings["style"], args.check)
        known = read_baseline(args.baseline) if args.baseline else None
        covered, problems = verify_paths(args.paths, checks, settings, _reading if args.progress else None)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not covered:
        built = built_pages(args.paths)
        hint = (f"; a Jupyter Book's executed pages are under {built[0]}, which the search skips as a build: name "
                "that folder (MyST .md pages are not read)" if built else "")
        print(f"error: no notebook (.ipynb) found under {', '.join(map(str, args.paths))}; name a folder that holds "
              f"notebooks, or the notebooks themselves{hint}", file=sys.stderr)
        return 2
    if args.write_baseline:
        write_baseline(args.write_baseline, problems, roots_of(args.write_baseline, args.paths))
        print(f"{_checked(covered)}: {len(problems)} problem(s) recorded in {args.write_baseline}")
        return 0
    excused = 0
    if known is not None:
        new = filter_known(problems, known, roots_of(args.baseline, args.paths))
        excused, problems = len(problems) - len(new), new
    try:
        _report(args, covered, problems, excused)
    except BrokenPipeError:  # `nbtruth course/ | head`: the reader stopped reading; nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if problems else 0


def _report(args: argparse.Namespace, covered: list, problems: list, excused: int) -> None:
    """Print the problems, the unchecked statements if asked, each notebook's coverage and the total."""
    for problem in problems:
        print(problem)
    if args.explain_unchecked:
        for path, cov in covered:
            if cov is None:
                continue  # a file that is no notebook: its problem says so, it has no equations to explain
            for cell, statement, why in explain_unchecked(path):
                print(f"{path}, cell {cell}: unchecked `{' '.join(statement.split())}`: {why}")
    notes: Counter[str] = Counter(cov.note for _, cov in covered if cov is not None and cov.note)
    for path, cov in covered:
        if not args.quiet:
            print(f"{path}: {cov.noted('') if cov is not None else 'not read'}")
    for note, count in notes.items():  # said once, for every notebook it is true of (`kernel language julia: ...`)
        print(f"{count} notebook(s): {note}")
    if not args.quiet:
        counts = [cov for _, cov in covered if cov is not None]
        if len(counts) > 1:
            print(f"all {len(counts)} notebooks: {total(counts).share()}")
        if skipped := skipped_under(args.paths):
            print(f"{len(skipped)} notebook(s) in build, checkpoint or hidden folders skipped as copies (such as "
                  f"{skipped[0]}): name one of those folders to check it")
    known_text = f" ({excused} known problem(s) in {args.baseline} not shown)" if args.baseline else ""
    print(f"{_checked(covered)}: {len(problems)} problem(s){known_text}")
