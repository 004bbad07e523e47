"""A student's path in JupyterLab, in headless Chromium: open section 1, run it, read the result.

The server is the one `make lab` starts (chainrule_course.lab), on a copy of the notebooks, and
the page may talk to that server only.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from chainrule_course.repository import find
from lab_server import Lab, running_lab

REPO = find(Path(__file__).resolve().parent)
NOTEBOOKS = REPO.notebooks

pytestmark = pytest.mark.browser

SECTIONS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    with running_lab(tmp_path_factory.mktemp("lab-browser")) as server:
        yield server


def menu(page, title: str, item: str) -> None:
    """Click a menu of JupyterLab's menu bar, then one of its items, as a student would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{title}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).first.click()


def wait_until_the_kernel_is_idle(page) -> None:
    """Wait until the status bar shows the notebook's kernel, idle: only then does Run All Cells run anything.

    The toolbar's execution indicator is no sign: JupyterLab sets it to 'idle' when the notebook opens, before
    a kernel exists ("No Kernel | Initializing" in the status bar), and Run All Cells clicked then runs nothing.
    """
    idle = re.compile(r"^Python 3 \(ipykernel\) \| Idle$")
    page.locator(".jp-StatusBar-TextItem", has_text=idle).wait_for(timeout=60_000)


def test_a_student_runs_section_1_and_sees_its_result(open_page, lab):
    page, problems = open_page(f"{lab.url}/lab/tree/01_composition.ipynb?token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell", timeout=60_000)
    wait_until_the_kernel_is_idle(page)
    menu(page, "Edit", "Clear Outputs of All Cells")
    assert page.locator(".jp-NotebookPanel .jp-OutputArea-output").count() == 0
    menu(page, "Run", "Run All Cells")
    cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
    code = [c for c in nbformat.read(NOTEBOOKS / "01_composition.ipynb", 4).cells if c.cell_type == "code"]
    count = len(code)
    shown, errors = [], []
    for i in range(count):  # JupyterLab renders only the cells near the view: scroll as a student reads
        cell = cells.nth(i)
        cell.scroll_into_view_if_needed()
        # Cells run in order: wait for this one's prompt to show its execution count, [n].
        cell.locator(".jp-InputPrompt").filter(has_text=re.compile(r"\[\d+\]")).wait_for(timeout=120_000)
        text = cell.locator(".jp-OutputArea").inner_text()
        shown.append(text)
        if cell.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() and "Traceback" in text:
            errors.append(i)
    wait_until_the_kernel_is_idle(page)
    assert cells.count() == count, "JupyterLab shows another number of code cells than the notebook has"
    assert any("tensor(8.)" in text for text in shown), f"the first gradient, tensor(8.), must be shown: {shown}"
    tagged = [i for i, c in enumerate(code) if "raises-exception" in c.metadata.get("tags", [])]
    assert tagged, "section 1 shows the real error of a second backward(): one cell is meant to raise"
    assert errors == tagged, f"errors in code cells {errors}; only the cells meant to raise ({tagged}) may show one"
    assert not problems, "\n".join(problems)


def test_the_file_browser_shows_each_section_once_and_no_news_popup(open_page, lab):
    page, problems = open_page(f"{lab.url}/lab?token={lab.token}")
    page.wait_for_selector(".jp-DirListing-item", timeout=60_000)
    page.wait_for_timeout(2_000)  # the moment an announcement would appear
    names = page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_inner_texts()
    assert sorted(names) == SECTIONS, "one entry per section: the paired .py files stay hidden"
    toasts = page.locator(".Toastify__toast").all_inner_texts()
    assert not toasts, f"a pop-up asks the student something: {toasts}"
    assert not problems, "\n".join(problems)
