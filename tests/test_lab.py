"""The student's JupyterLab over its REST API: one entry per section, and pairing in both directions.

What a student sees in the browser is tested in tests/browser/test_lab_in_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from chainrule_course.repository import find
from lab_server import Lab, running_lab

REPO = find(Path(__file__).resolve().parent)
ROOT = REPO.root
NOTEBOOKS = REPO.notebooks


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


def api(lab: Lab, path: str, method: str = "GET", body: dict | None = None) -> dict:
    """One call to the server's contents API."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{lab.url}/api/contents/{path}?token={lab.token}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_make_lab_starts_the_same_server_as_the_tests():
    recipe = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True,
                            text=True).stdout
    assert "-m chainrule_course lab" in recipe


def test_the_file_browser_lists_each_section_once(lab):
    names = sorted(item["name"] for item in api(lab, "")["content"])
    sections = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [n for n in names if n[:2].isdigit()] == sections, "the .py twins must be hidden, the notebooks listed"


def test_saving_the_notebook_in_lab_updates_its_py(lab):
    model = api(lab, "01_composition.ipynb")
    model["content"]["cells"][0]["source"] += "\n\nA line a student added in JupyterLab."
    api(lab, "01_composition.ipynb", "PUT", {"type": "notebook", "format": "json", "content": model["content"]})
    text = (lab.root / "01_composition.py").read_text()
    assert "# A line a student added in JupyterLab." in text
    assert text.startswith("# %% [markdown]"), "the repository's jupytext settings apply: no YAML header"


def test_editing_the_py_changes_what_lab_opens(lab):
    py = lab.root / "02_local_derivatives.py"
    py.write_text(py.read_text().replace("# # 2. Local derivatives", "# # 2. Local derivatives, edited as text", 1))
    cells = api(lab, "02_local_derivatives.ipynb")["content"]["cells"]
    assert cells[0]["source"].startswith("# 2. Local derivatives, edited as text")
    assert any(cell.get("outputs") for cell in cells), "the outputs still come from the .ipynb"
