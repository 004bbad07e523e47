"""Readers outside the repository: Binder and Colab links, and the install lines, all from one setting."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from chainrule_course.launch import binder_url, colab_url, install_lines, repository_url
from chainrule_course.repository import find

REPO = find(Path(__file__).resolve().parent)
URL = repository_url(REPO.pyproject)
SECTIONS = [p for p in sorted(REPO.notebooks.glob("[0-9][0-9]_*.py")) if not p.name.startswith("00_")]


def test_launch_links_are_built_from_the_repository_url():
    assert binder_url("https://github.com/o/r", "notebooks/01_x.ipynb") == \
        "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/01_x.ipynb"
    assert colab_url("https://github.com/o/r", "notebooks/01_x.ipynb") == \
        "https://colab.research.google.com/github/o/r/blob/main/notebooks/01_x.ipynb"


@pytest.mark.parametrize("url", ["https://gitlab.com/o/r", "https://github.com/o", "https://github.com/o/r/tree/x"])
def test_a_repository_binder_and_colab_cannot_open_is_refused_with_the_reason(url):
    with pytest.raises(ValueError, match="github.com/owner/name"):
        colab_url(url, "notebooks/01_x.ipynb")


@pytest.mark.parametrize("py", SECTIONS, ids=[p.stem for p in SECTIONS])
def test_each_section_installs_the_helpers_where_they_are_missing_and_only_there(py):
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source.startswith(install_lines(URL)), \
        f"{py.name}: the first code cell must open with chainrule_course.launch.install_lines (make execute)"
    assert first.outputs == [] or all("pip" not in str(o) for o in first.outputs)


def test_the_install_lines_do_nothing_where_the_helpers_are(monkeypatch):
    import subprocess

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: calls.append(args))
    exec(install_lines(URL), {})
    assert calls == []


def test_the_install_lines_install_from_the_repository_where_the_helpers_are_missing(monkeypatch):
    import importlib.util
    import subprocess

    calls = []
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: calls.append(command))
    exec(install_lines(URL), {})
    (command,) = calls
    assert command[1:5] == ["-m", "pip", "install", "--quiet"] and command[5] == f"chainrule-helpers @ git+{URL}"


def test_the_readme_offers_binder_and_colab_from_the_same_setting():
    readme = REPO.readme.read_text()
    assert binder_url(URL, "notebooks/00_index.ipynb") in readme
    for link in re.findall(r"https://colab\.research\.google\.com/\S+?\.ipynb", readme):
        assert link.startswith(colab_url(URL, "notebooks/")), link
    assert colab_url(URL, "notebooks/01_composition.ipynb") in readme
