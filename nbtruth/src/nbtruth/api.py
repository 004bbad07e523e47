"""Running the checks on a notebook or on folders of them: what the command and the plugin share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .checks.outputs import uncompared
from .coverage import Coverage, coverage, unchecked
from .ignore import ignored_cells
from .notebook import Context, Problem, language, read_notebook
from .registry import Check, select

__all__ = ["check_notebook", "explain_unchecked", "language_note", "notebooks_under", "run_check", "skipped_under",
           "verify_paths"]

SKIPPED_FOLDERS = {
    ".ipynb_checkpoints", ".git", "node_modules", "__pycache__", ".venv", "venv", "_build", "site-packages",
}


def run_check(check: Check, ctx: Context) -> list[Problem]:
    """One check's problems in a notebook, without those in cells carrying an ignore marker, each said once (a cell
    that writes the same wrong span twice has one problem)."""
    skipped = ctx.cache.setdefault("ignored", ignored_cells(ctx.nb))
    return list(dict.fromkeys(p for p in check.run(ctx) if p.cell not in skipped))


def language_note(ctx: Context) -> str:
    """What the notebook's kernel language means for the checks, said once; "" for Python."""
    name = language(ctx.nb)
    if name == "python":
        return ""
    return (f"kernel language {name}: only the language-independent checks ran (formulas and numbers in the "
            "text); expected-output comments are Python's and were not read")


def check_notebook(path: Path, checks: list[Check] | None = None, settings: dict[str, Any] | None = None,
                   ) -> tuple[list[Problem], Coverage | None]:
    """Run the checks on one notebook; an unreadable notebook, or one nbtruth itself fails on, is one problem, not a
    crash of the whole run."""
    settings = settings or {}
    checks = checks if checks is not None else select(settings.get("style", False))
    try:
        nb = read_notebook(path)
    except ValueError as exc:
        return [Problem(str(path), None, "notebook", str(exc))], None
    ctx = Context(path, nb, settings)
    try:
        problems = [p for check in checks for p in run_check(check, ctx)]
        counted = coverage(ctx)
    except Exception as exc:  # noqa: BLE001 - nbtruth's own failure on one notebook must not stop the others
        return [Problem(str(path), None, "internal", f"nbtruth failed while reading this notebook "
                                                     f"({type(exc).__name__}: {exc}); the other notebooks are checked. "
                                                     "This is nbtruth's error, not the notebook's: please report it "
                                                     "with the notebook")], None
    return problems, counted if not (note := language_note(ctx)) else counted.noted(note)


def built_pages(paths: Iterable[Path]) -> list[Path]:
    """The folders of executed pages a Jupyter Book build wrote under the paths (`book/_build/jupyter_execute`), which
    the search skips as copies: where a book keeps only MyST `.md` sources, they are the notebooks to check."""
    return sorted(folder for path in paths if path.is_dir() for folder in path.rglob("_build/jupyter_execute")
                  if next(folder.rglob("*.ipynb"), None))


def notebooks_under(paths: Iterable[Path], paired: bool = False) -> tuple[list[Path], list[Problem]]:
    """The .ipynb files named or found under the paths; with `paired`, a problem for each .py left without one."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(_notebooks_in(path))
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


def _notebooks_in(folder: Path) -> list[Path]:
    """Every .ipynb under a folder and its subfolders, skipping checkpoints and hidden or tool folders."""
    return sorted(p for p in folder.rglob("*.ipynb") if not _in_skipped_folder(p, folder))


def skipped_under(paths: Iterable[Path]) -> list[Path]:
    """The .ipynb files under the folders named that the search skips (a build's copies, checkpoints, hidden or tool
    folders): counted in the summary, so a maintainer sees why they were not checked."""
    return sorted(p for folder in paths if folder.is_dir() for p in folder.rglob("*.ipynb")
                  if _in_skipped_folder(p, folder))


def _in_skipped_folder(path: Path, folder: Path) -> bool:
    """Whether a notebook under a folder lies in a checkpoint, build, hidden or tool folder the search skips."""
    return any(part in SKIPPED_FOLDERS or part.startswith(".") for part in path.relative_to(folder).parts)


def verify_paths(paths: Iterable[Path], checks: list[Check] | None = None, settings: dict[str, Any] | None = None,
                 reading: Callable[[int, int, Path], Callable[[], None]] | None = None,
                 ) -> tuple[list[tuple[Path, Coverage | None]], list[Problem]]:
    """Check every notebook under the paths: each notebook's coverage, and every problem found; `reading(k, n,
    path)` is told of each notebook before it is read, and what it returns is called once it is read (the command
    line's `--progress`)."""
    settings = settings or {}
    notebooks, problems = notebooks_under(paths, paired=settings.get("style", False))
    covered = []
    for k, path in enumerate(notebooks, 1):
        done = reading(k, len(notebooks), path) if reading is not None else None
        if not path.exists():
            problems.append(Problem(str(path), None, "pairing", f"{path.with_suffix('.py').name} has no generated "
                                                                ".ipynb"))
        else:
            found, cov = check_notebook(path, checks, settings)
            problems.extend(found)
            covered.append((path, cov))
        if done is not None:
            done()
    return covered, problems


def explain_unchecked(path: Path) -> list[tuple[int, str, str]]:
    """(cell, statement, why) for each stating equation of a notebook that nothing checked, and each expected-output
    comment no output line could be held to, in cell order."""
    ctx = Context(path, read_notebook(path), {})
    return sorted(unchecked(ctx) + uncompared(ctx), key=lambda found: found[0])
