"""The pytest plugin: hooks and options only; the machinery is in `registry`, `checks` and `api`.

Switch it on with `--nbtruth` on the command line, or once for a course:

    [tool.pytest.ini_options]
    nbtruth = true            # the truth checks on every collected .ipynb
    nbtruth_style = true      # the house-style checks too (pairing, trailing comments, printed claims)
    nbtruth_baseline = nbtruth-baseline.json   # known problems (written by `nbtruth --write-baseline`)

Each notebook becomes one test per check (`notebook.ipynb::formulas`, ...), failing with every
problem located by cell and `.py` line, and the terminal summary ends with each notebook's coverage.
With a baseline, a test fails only on problems the baseline does not record, so one known problem
never hides a new one; cells marked `nbtruth-ignore` are left alone (see `nbtruth.ignore`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .api import run_check
from .baseline import filter_known, read_baseline
from .coverage import coverage, share
from .formulas import load_parses, parses_file, save_parses
from .notebook import Context, read_notebook
from .registry import select

__all__ = ["pytest_addoption", "pytest_collect_file", "pytest_configure", "pytest_terminal_summary",
           "pytest_unconfigure"]

COVERAGE_KEY = "nbtruth coverage"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the switches: --nbtruth, --nbtruth-style and their ini lines."""
    group = parser.getgroup("nbtruth", "notebook text checked against its code (nbtruth)")
    group.addoption("--nbtruth", action="store_true", default=None,
                    help="check every collected .ipynb: expected outputs, stated numbers, formulas")
    group.addoption("--nbtruth-style", action="store_true", default=None,
                    help="also check the house style: .py pairing, trailing comments, every stated number printed")
    group.addoption("--nbtruth-baseline", metavar="FILE", default=None,
                    help="fail only on problems not recorded in FILE (written by `nbtruth --write-baseline FILE`)")
    parser.addini("nbtruth", type="bool", default=False, help="switch nbtruth on (as --nbtruth)")
    parser.addini("nbtruth_baseline", default="", help="the baseline file of known problems (as --nbtruth-baseline)")
    parser.addini("nbtruth_style", type="bool", default=False, help="switch the style checks on (as --nbtruth-style)")
    parser.addini("nbtruth_regenerate", default="regenerate the .ipynb from the .py ({py})",
                  help="what a pairing problem tells the reader to do; {py} is the .py path")


def _option(config: pytest.Config, name: str) -> bool:
    """A switch's value: the command line's when given, else the ini file's."""
    value = config.getoption(f"--{name.replace('_', '-')}")
    return bool(value if value is not None else config.getini(name))


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and, when switched on, load earlier runs' LaTeX parses."""
    config.addinivalue_line("markers", "nbtruth: a notebook checked against its own text by nbtruth")
    if _enabled(config) and getattr(config, "cache", None) is not None:
        load_parses(config.cache.mkdir("nbtruth"))  # SymPy's LaTeX parser is slow: reuse earlier parses


def pytest_unconfigure(config: pytest.Config) -> None:
    """Save this run's LaTeX parses for the next run (one file per xdist worker)."""
    if _enabled(config) and getattr(config, "cache", None) is not None:
        worker = getattr(config, "workerinput", {}).get("workerid", "main")  # one file per xdist worker
        save_parses(parses_file(config.cache.mkdir("nbtruth"), worker))


def _enabled(config: pytest.Config) -> bool:
    """Whether nbtruth is switched on for this run, by either switch."""
    return _option(config, "nbtruth") or _option(config, "nbtruth_style")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect each .ipynb as a notebook of checks when nbtruth is on."""
    config = parent.config
    if file_path.suffix == ".ipynb" and _enabled(config):
        return NotebookFile.from_parent(parent, path=file_path)
    return None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep each notebook's coverage line from its report (so also from xdist workers)."""
    for key, value in report.user_properties:
        if key == COVERAGE_KEY and report.when == "call":
            _covered[report.nodeid.split("::")[0]] = value  # (line, (checked, stating, comments))


# notebook -> (coverage line, (checked, stating, comments)), gathered from reports (so also under xdist)
_covered: dict[str, tuple[str, tuple[int, int, int]]] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """End the run with each notebook's coverage line."""
    if _covered:
        terminalreporter.section("nbtruth coverage")
        for notebook, (line, _) in sorted(_covered.items()):
            terminalreporter.write_line(f"{notebook}: {line}")
        if len(_covered) > 1:
            checked, stating, comments = (sum(c[i] for _, c in _covered.values()) for i in (0, 1, 2))
            terminalreporter.write_line(f"all {len(_covered)} notebooks: {share(checked, stating, comments)}")


def _baseline(config: pytest.Config) -> Any:
    """(known problems, folders their notebooks are named from) from the baseline option or ini line, or None."""
    given = config.getoption("--nbtruth-baseline") or config.getini("nbtruth_baseline")
    if not given:
        return None
    path = Path(given) if Path(given).is_absolute() else Path(config.rootpath) / given
    return read_baseline(path), [path.parent, Path(config.rootpath)]


class NotebookFile(pytest.File):
    """One notebook: a test per selected check, sharing one reading of the notebook."""

    def collect(self) -> Any:
        """One test per selected check, all sharing this notebook's settings."""
        style = _option(self.config, "nbtruth_style")
        self.settings = {"style": style, "regenerate": self.config.getini("nbtruth_regenerate")}
        self.baseline = _baseline(self.config)
        self.ctx = None
        for check in select(style):
            yield CheckItem.from_parent(self, name=check.name, check=check)


class NotebookProblems(Exception):
    """The problems one check found in one notebook."""


class CheckItem(pytest.Item):
    """One check of one notebook."""

    def __init__(self, *, check: Any, **kwargs: Any) -> None:
        """A test item for one check, marked `nbtruth`."""
        super().__init__(**kwargs)
        self.check = check
        self.add_marker("nbtruth")

    def _context(self) -> Any:
        """The notebook read once and shared by all its checks."""
        parent = self.parent
        if parent.ctx is None:
            parent.ctx = Context(self.path, read_notebook(self.path), parent.settings)
        return parent.ctx

    def runtest(self) -> None:
        """Run the check; fail with its problems; the formulas item also records coverage."""
        ctx = self._context()
        problems = run_check(self.check, ctx)
        if self.parent.baseline is not None:
            known, roots = self.parent.baseline
            problems = filter_known(problems, known, roots)
        if self.check.name == "formulas":
            counted = coverage(ctx)
            tallies = (counted.checked, counted.stating, counted.comments)
            self.user_properties.append((COVERAGE_KEY, (str(counted), tallies)))
        if problems:
            raise NotebookProblems("\n".join(str(p) for p in problems))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        """Report the check's problems (or why the notebook cannot be read), not a traceback."""
        if isinstance(excinfo.value, NotebookProblems):
            return f"{self.check.name}: {self.check.doc}\n{excinfo.value}"
        if isinstance(excinfo.value, ValueError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Name the test after the notebook and the check."""
        return self.path, None, f"{self.path.name}::{self.check.name}"
