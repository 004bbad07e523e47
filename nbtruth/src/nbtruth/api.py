"""Running the checks on a notebook or on folders of them: what the command and the plugin share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .coverage import Coverage, coverage, unchecked
from .notebook import Context, Problem, read_notebook
from .registry import Check, select

__all__ = ["check_notebook", "explain_unchecked", "notebooks_under", "verify_paths"]


def check_notebook(path: Path, checks: list[Check] | None = None, settings: dict[str, Any] | None = None,
                   ) -> tuple[list[Problem], Coverage | None]:
    """Run the checks on one notebook; an unreadable notebook is one problem, not a crash."""
    settings = settings or {}
    checks = checks if checks is not None else select(settings.get("style", False))
    try:
        nb = read_notebook(path)
    except ValueError as exc:
        return [Problem(str(path), None, "notebook", str(exc))], None
    ctx = Context(path, nb, settings)
    problems = [p for check in checks for p in check.run(ctx)]
    return problems, coverage(ctx)


def notebooks_under(paths: Iterable[Path], paired: bool = False) -> tuple[list[Path], list[Problem]]:
    """The .ipynb files named or found under the paths; with `paired`, a problem for each .py left without one."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.ipynb")))
            for py in sorted(path.glob("*.py")) if paired else []:
                is_notebook = re.search(r"^# %%", py.read_text(encoding="utf-8"), re.MULTILINE)
                if is_notebook and not py.with_suffix(".ipynb").exists():
                    problems.append(Problem(str(py.with_suffix(".ipynb")), None, "pairing",
                                            f"{py.name} has no generated .ipynb"))
        elif path.suffix == ".ipynb" and path.exists():
            found.append(path)
        elif path.suffix == ".py" and path.exists():
            found.append(path.with_suffix(".ipynb"))
        else:
            raise FileNotFoundError(f"{path}: not a folder, .ipynb or .py that exists")
    return found, problems


def verify_paths(paths: Iterable[Path], checks: list[Check] | None = None, settings: dict[str, Any] | None = None,
                 ) -> tuple[list[tuple[Path, Coverage | None]], list[Problem]]:
    """Check every notebook under the paths: each notebook's coverage, and every problem found."""
    settings = settings or {}
    notebooks, problems = notebooks_under(paths, paired=settings.get("style", False))
    covered = []
    for path in notebooks:
        if not path.exists():
            problems.append(Problem(str(path), None, "pairing", f"{path.with_suffix('.py').name} has no generated "
                                                                ".ipynb"))
            continue
        found, cov = check_notebook(path, checks, settings)
        problems.extend(found)
        covered.append((path, cov))
    return covered, problems


def explain_unchecked(path: Path) -> list[tuple[int, str, str]]:
    """(cell, statement, why) for each stating equation of a notebook that nothing checked."""
    return unchecked(Context(path, read_notebook(path), {}))
