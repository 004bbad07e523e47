"""The contract end to end on a throwaway notebook: `execute` builds it, strict nbval accepts it, and
nbval rejects a hand-edited output and code changed without re-executing, naming the cell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
from chainrule_course.execute import execute_notebook
from chainrule_course.repository import find
from chainrule_course.verify import check_notebook

ROOT = find(Path(__file__).resolve().parent).root
# The nbval options `make test` passes (Makefile, NBVAL): strict, this environment's kernel, addresses sanitised.
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests/nbval_sanitize.cfg")]

SOURCE = """# %% [markdown]
# # 1. Demo
#
# ## Composition
#
# At $x=3$, $\\frac{dz}{dx}=8$.

# %%
import torch

x = torch.tensor(3.0, requires_grad=True)
((x + 1) ** 2).backward()
print(x.grad)  # tensor(8.)

# %% tags=["raises-exception"]
raise ValueError("meant to fail")
"""


def run_nbval(folder, *paths):
    """Run pytest with the repository's own nbval options (those `make test` passes) on notebooks."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(folder), *NBVAL,
         "-p", "no:cacheprovider", "-o", "nbtruth=false", "-o", "nbtruth_style=false", "-q", "-rf",
         *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_executed_notebook_passes_and_planted_edits_fail(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(SOURCE)
    ipynb = execute_notebook(good)
    nb = nbformat.read(str(ipynb), as_version=4)
    assert nb.cells[1].outputs[0].text == "tensor(8.)\n"
    assert nb.cells[2].outputs[0].ename == "ValueError"
    assert check_notebook(ipynb) == []

    edited = tmp_path / "edited_output.ipynb"
    nb.cells[1].outputs[0].text = "tensor(9.)\n"
    nbformat.write(nb, str(edited))

    stale = tmp_path / "stale.py"
    stale.write_text(SOURCE.replace("(x + 1) ** 2", "(x + 2) ** 2"))
    shutil.copy(ipynb, stale.with_suffix(".ipynb"))
    regenerated = jupytext.read(str(stale), fmt="py:percent")
    old = nbformat.read(str(ipynb), as_version=4)
    for new_cell, old_cell in zip(regenerated.cells, old.cells):
        old_cell.source = new_cell.source  # code updated, outputs not re-executed
    nbformat.write(old, str(stale.with_suffix(".ipynb")))

    result = run_nbval(tmp_path, ipynb, edited, stale.with_suffix(".ipynb"))
    out = result.stdout
    assert result.returncode == 1, out
    assert "2 failed, 4 passed" in out, out
    # nbval counts code cells only: its "Cell 0" is the print cell.
    summary = out.split("short test summary info")[-1]
    assert "edited_output.ipynb::Cell 0" in summary and "stale.ipynb::Cell 0" in summary, out
    assert "good.ipynb" not in summary and "Cell 1" not in summary, out
    assert "Cell outputs differ" in out, out


def test_execute_reports_a_cell_that_raises_unexpectedly(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("# %%\nprint(1)\n\n# %%\n1 / 0\n")
    try:
        execute_notebook(broken)
    except RuntimeError as exc:
        assert "broken.py" in str(exc) and "ZeroDivisionError" in str(exc)
    else:
        raise AssertionError("execute_notebook accepted a cell that raised")
    assert not broken.with_suffix(".ipynb").exists()


def test_a_kernel_that_dies_at_start_is_started_again(tmp_path, monkeypatch):
    """Two kernels started at once may draw the same port (`ZMQError: Address already in use`) and one dies before
    any cell runs: the notebook is executed again in a new kernel, and only a kernel that keeps dying is reported."""
    from chainrule_course import execute
    from nbclient import NotebookClient

    real, starts = NotebookClient.execute, []

    def dies_first(self, **kwargs):
        starts.append(1)
        if len(starts) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(self, **kwargs)

    notebook = tmp_path / "port.py"
    notebook.write_text("# %%\nprint(6 * 7)\n")
    monkeypatch.setattr(NotebookClient, "execute", dies_first)
    out = nbformat.read(str(execute_notebook(notebook)), as_version=4)
    assert len(starts) == 2 and out.cells[0].outputs[0].text == "42\n"

    monkeypatch.setattr(NotebookClient, "execute", lambda self, **kwargs: (_ for _ in ()).throw(
        RuntimeError("Kernel died before replying to kernel_info")))
    try:
        execute_notebook(notebook)
    except RuntimeError as exc:
        assert "port.py" in str(exc) and f"{execute.KERNEL_STARTS} kernel start(s)" in str(exc)
    else:
        raise AssertionError("a kernel that always dies at start was not reported")


def test_kernels_listen_on_unix_sockets_so_parallel_runs_draw_no_ports(tmp_path):
    """Two kernels started at once over TCP can draw the same port (a CI run hung so); a socket file cannot collide."""
    notebook = tmp_path / "transport.py"
    notebook.write_text("# %%\nfrom ipykernel.kernelapp import IPKernelApp\n\n"
                        "print(IPKernelApp.instance().transport)\n")
    out = nbformat.read(str(execute_notebook(notebook)), as_version=4)
    assert out.cells[0].outputs[0].text == "ipc\n"


def test_nbval_kernels_listen_on_unix_sockets_too():
    """make test's nbval runs notebooks in two workers at once: its kernels take socket files, never TCP ports."""
    import nbval.kernel

    manager = nbval.kernel.KernelManager()
    assert manager.transport == "ipc" and os.path.isabs(manager.ip)
