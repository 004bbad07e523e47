"""The baseline: today's known problems, recorded so that a course can switch nbtruth on now and fix them over time.

`nbtruth --write-baseline nbtruth-baseline.json lessons/` records every problem found; later runs
with `--baseline nbtruth-baseline.json` (or `nbtruth_baseline = nbtruth-baseline.json` for the
pytest plugin) report only problems that are not in it. A problem is known by its notebook, its check
and its message, not by its cell number, so adding cells above it does not make it new; a message that
changes (the value printed is now another) is new. The notebook is named relative to the baseline file's
folder when it lies under it, else relative to the folder the command was given (`nbtruth lessons/`): a
baseline written on a laptop matches in a CI runner's checkout, wherever that is.
Each recorded problem excuses one occurrence: a second copy of the same problem is new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .notebook import Problem

__all__ = ["filter_known", "read_baseline", "roots_of", "write_baseline"]

VERSION = 1


def _key(problem: Problem, roots: list[Path]) -> tuple[str, str, str]:
    """What identifies a problem across runs: its notebook relative to the first of the roots that holds it (the
    baseline's folder, then the folders checked), its check, its message."""
    path = Path(problem.notebook).resolve()
    name = path.as_posix()
    for root in roots:
        try:
            name = path.relative_to(root.resolve()).as_posix()
            break
        except ValueError:
            continue
    return name, problem.check, problem.message


def roots_of(baseline: Path, checked: list[Path]) -> list[Path]:
    """Where notebook names are taken from: the baseline's folder, then each folder checked (a file's own)."""
    return [baseline.parent, *(p if p.is_dir() else p.parent for p in checked)]


def write_baseline(path: Path, problems: list[Problem], roots: list[Path] | None = None) -> None:
    """Record these problems as known, sorted so that the file diffs well."""
    rows = sorted(_key(p, roots or [path.parent]) for p in problems)
    data = {"nbtruth-baseline": VERSION,
            "problems": [{"notebook": n, "check": c, "message": m} for n, c, m in rows]}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    """The known problems of a baseline file, counted; ValueError when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Counter((row["notebook"], row["check"], row["message"]) for row in data["problems"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not an nbtruth baseline ({exc}); write one with --write-baseline") from exc


def filter_known(problems: list[Problem], known: Counter[tuple[str, str, str]], roots: list[Path]) -> list[Problem]:
    """The problems that the baseline does not excuse (each known problem excuses one occurrence)."""
    left = Counter(known)
    new = []
    for problem in problems:
        key = _key(problem, roots)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(problem)
    return new
