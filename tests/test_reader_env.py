"""A reader with nothing of the repository but the helpers: every notebook runs in a fresh environment
holding only the helpers' declared dependencies (torch, numpy, matplotlib, at the locked versions)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
NOTEBOOKS = sorted(REPO.notebooks.glob("[0-9][0-9]_*.ipynb"))
# (SymPy is not among them: torch itself depends on it.)
TOOLING = ["nbformat", "nbclient", "jupyter_server", "jupytext", "nbgrader", "sphinx", "nbtruth", "chainrule_course",
           "IPython", "pytest"]

pytestmark = pytest.mark.reader


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory) -> Path:
    """A new virtual environment with the helpers installed from the repository, constrained by the lock."""
    env = tmp_path_factory.mktemp("reader") / "venv"
    uv = Path(sys.executable).parent / "uv"
    constraints = ["-c", str(REPO.root / "requirements/dev.txt")]
    if uv.exists():  # uv reuses the packages it already has, so this costs seconds, not a torch download
        subprocess.run([str(uv), "venv", "--quiet", "--python", sys.executable, str(env)], check=True)
        command = [str(uv), "pip", "install", "--quiet", "--python", str(env / "bin/python")]
    else:
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        command = [str(env / "bin/python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*command, *constraints, str(REPO.root)], check=True)
    return env / "bin/python"


def test_the_fresh_environment_holds_the_helpers_and_their_dependencies_only(reader_python):
    probe = f"import importlib.util as u; print([m for m in {TOOLING!r} if u.find_spec(m)])"
    # -I: isolated, so neither the current folder nor the user's site-packages can lend a package.
    found = subprocess.run([str(reader_python), "-I", "-c", probe], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]", f"the reader's environment has tooling it should not: {found}"
    every_helper = "import chainrule_helpers.plots, chainrule_helpers.engine, chainrule_helpers.graphs, " \
                   "chainrule_helpers.numerics; print('ok')"
    helpers = subprocess.run([str(reader_python), "-I", "-c", every_helper], capture_output=True, text=True)
    assert helpers.stdout.strip() == "ok", helpers.stderr


def test_every_notebook_runs_with_only_the_helpers_dependencies(reader_python, tmp_path):
    copy = tmp_path / "notebooks"
    shutil.copytree(REPO.notebooks, copy)  # the notebooks run in a folder of their own, as a download would
    result = subprocess.run([str(reader_python), "-I", str(REPO.root / "tests/run_as_reader.py"),
                             *(str(copy / p.name) for p in NOTEBOOKS)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(NOTEBOOKS), result.stdout
