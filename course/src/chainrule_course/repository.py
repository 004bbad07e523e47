"""The repository's folders: the one module of the course tooling that knows where things are.

Library functions take their paths as arguments; the command lines (and the tests) ask this module
for the defaults. The repository is the nearest folder, from the current directory upwards, that
holds `jupytext.toml` and `notebooks/`; the environment variable CHAINRULE_ROOT names it instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Repository", "RepositoryNotFound", "find"]


class RepositoryNotFound(LookupError):
    """No chainrule repository around the current directory; the message says how to name one."""


@dataclass(frozen=True)
class Repository:
    """A checkout of the chapter, and each folder and file the tooling reads or writes in it."""

    root: Path

    @property
    def notebooks(self) -> Path:
        """The section notebooks (NN_topic.py and .ipynb pairs)."""
        return self.root / "notebooks"

    @property
    def assignments(self) -> Path:
        """The nbgrader source notebooks, with solutions and hidden tests."""
        return self.root / "assignments"

    @property
    def book_sources(self) -> Path:
        """The book's Sphinx configuration, landing page and theme repairs."""
        return self.root / "book"

    @property
    def build(self) -> Path:
        """Everything the tooling writes: the book, releases, grades (never committed)."""
        return self.root / "build"

    @property
    def readme(self) -> Path:
        """README.md, from which the book cuts its instructors' and verification pages."""
        return self.root / "README.md"

    @property
    def pyproject(self) -> Path:
        """The reader's package's pyproject.toml, which holds the repository's public address."""
        return self.root / "pyproject.toml"

    @property
    def jupytext_config(self) -> Path:
        """How each .py and .ipynb are paired."""
        return self.root / "jupytext.toml"

    @property
    def sanitizers(self) -> Path:
        """nbval's rules for output that differs between runs and carries no meaning (memory addresses)."""
        return self.root / "tests" / "nbval_sanitize.cfg"


def _is_root(folder: Path) -> bool:
    """A folder that looks like the chapter's checkout."""
    return (folder / "jupytext.toml").is_file() and (folder / "notebooks").is_dir()


def find(start: Path | None = None) -> Repository:
    """The repository named by CHAINRULE_ROOT, or the nearest one at or above `start` (the current directory)."""
    named = os.environ.get("CHAINRULE_ROOT")
    if named:
        if not _is_root(Path(named)):
            raise RepositoryNotFound(f"CHAINRULE_ROOT={named} is not a chainrule checkout (no jupytext.toml and "
                                     "notebooks/ there): point it at the folder that holds them")
        return Repository(Path(named).resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return Repository(folder)
    raise RepositoryNotFound(f"{here} is not inside a chainrule checkout (no folder above it holds jupytext.toml and "
                             "notebooks/): run the command from the repository, or set CHAINRULE_ROOT")
