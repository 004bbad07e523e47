"""The portability check: an output that only one machine reproduces is caught, named by cell and .py line."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from chainrule_course.drift import sanitizers
from chainrule_course.execute import execute_notebook
from chainrule_course.portability import (
    MACHINES,
    SWITCHES,
    Configuration,
    Outcome,
    check,
    combine,
    cpu_flags,
    main,
    run_bounded,
    run_one,
    summary,
)
from chainrule_course.repository import find

SWITCH = {s.name: s for s in SWITCHES}
RULES = sanitizers(find(Path(__file__).resolve().parent).sanitizers)


def test_every_switch_the_issue_names_is_run_and_every_switch_belongs_to_a_machine():
    envs = [s.env for s in SWITCHES]
    for needed in ({"MKL_CBWR": "COMPATIBLE"}, {"MKL_CBWR": "SSE4_2"}, {"MKL_CBWR": "AVX2"}, {"MKL_CBWR": "AVX512"},
                   {"ATEN_CPU_CAPABILITY": "default"}, {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}):
        assert needed in envs
    in_machines = {k: v for m in MACHINES for k, v in m.env.items()}
    for switch in SWITCHES:
        assert any(switch.env.items() <= m.env.items() for m in MACHINES), f"{switch.name} is in no machine"
    assert in_machines["PYTHONHASHSEED"] and in_machines["TZ"]


def test_a_machine_throws_its_switches_together():
    machine = combine("m", "test", "mkl-avx512", "one-thread", "reader-settings")
    assert machine.env["MKL_CBWR"] == "AVX512" and machine.env["OMP_NUM_THREADS"] == "1"
    assert machine.needs_cpu_flags == SWITCH["mkl-avx512"].needs_cpu_flags
    assert machine.matplotlibrc == SWITCH["reader-settings"].matplotlibrc


def test_a_branch_this_cpu_lacks_is_not_run_and_says_why():
    assert SWITCH["mkl-avx512"].unsupported({"avx2", "fma", "avx512f"}) == \
        "this CPU lacks avx512bw, avx512dq, avx512vl"
    assert SWITCH["mkl-avx2"].unsupported({"avx2", "fma"}) is None
    assert SWITCH["mkl-compatible"].unsupported(set()) is None


def test_the_summary_counts_each_configuration_and_lists_what_was_skipped():
    config = Configuration("c", {"X": "1"}, "test")
    outcomes = [Outcome("c", "a/01.ipynb", seconds=2), Outcome("c", "a/09.ipynb", changed=True, seconds=3),
                Outcome("c", "a/10.ipynb", failed=True, seconds=1)]
    lines = summary(outcomes, [config], ["mkl-avx512: not run, this CPU lacks avx512f"])
    assert lines[0].split() == ["c", "1/3", "changed:", "09", "failed:", "10", "(6", "s;", "X=1)"]
    assert lines[1].strip() == "mkl-avx512: not run, this CPU lacks avx512f"


def test_the_command_line_lists_the_configurations_and_asks_for_notebooks(capsys):
    assert main(["--list"]) == 0
    listed = capsys.readouterr().out
    assert all(c.name in listed for c in SWITCHES + MACHINES)
    assert main([]) == 2


# A notebook that prints what differs between machines, in two ways a real notebook could.
PLANTED = '''# %% [markdown]
# # Planted
#
# Two prints that hold on one machine only.

# %%
import torch

# %%
print("threads", torch.get_num_threads())

# %%
# A product's own digits: MKL's branches add its terms in other orders (with and without FMA) on every x86 CPU.
# (A hand-computed gradient minus autograd's, the bug section 9 had, moved on the AMD CPU that found it and on no
# configuration of an Intel Xeon: two products that move together print a difference that does not.)
_ = torch.manual_seed(0)
A = torch.randn(64, 300, dtype=torch.float64)
B = torch.randn(300, 50, dtype=torch.float64)
print("A @ B begins", (A @ B)[0, :3].tolist())
'''


@pytest.fixture
def planted(tmp_path) -> Path:
    """The planted notebook, executed on this machine as it is, as if its outputs had been committed here."""
    py = tmp_path / "planted.py"
    py.write_text(PLANTED)
    execute_notebook(py)
    return py


@pytest.mark.portability
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread is this machine's own configuration")
def test_a_thread_count_printed_fails_on_one_thread_and_names_the_cell(planted):
    outcome = run_one(SWITCH["one-thread"], planted, RULES)
    assert outcome.changed and not outcome.failed
    text = "\n".join(outcome.lines)
    assert "1 of 3 code cells changed" in text and "cell 2 (.py line 9)" in text and "+threads 1" in text


@pytest.mark.portability
def test_a_float64_product_printed_to_its_last_bit_fails_on_another_code_path(planted):
    # Every configuration of this check, one of which must move the last bits of this product.
    flags = cpu_flags()
    outcomes = [run_one(c, planted, RULES) for c in MACHINES if not c.unsupported(flags)]
    moved = [o for o in outcomes if any("A @ B begins" in line for line in o.lines)]
    assert moved, "no configuration moved the last bits of a float64 product: the check would miss this print"
    assert all("cell 3 (.py line 12)" in "\n".join(o.lines) for o in moved)


# A notebook whose kernel never answers again: it notes its process id, then sleeps past any limit.
HANGS = '''# %%
import os
import time

with open("kernel.pid", "w") as pid_file:
    pid_file.write(str(os.getpid()))
time.sleep(600)
'''


def _gone(pid: int, within: float = 15.0) -> bool:
    """Whether the process has ended (or is a zombie left for init to reap) within `within` seconds."""
    import psutil

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


def test_a_notebook_that_hangs_is_stopped_with_its_kernel_and_named(tmp_path):
    """A hang costs its own limit, not CI's 90 minutes: the job is stopped, its kernel too, and the outcome names it."""
    py = tmp_path / "hangs.py"
    py.write_text(HANGS)
    py.with_suffix(".ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    start, scratch = time.monotonic(), set(Path(tempfile.gettempdir()).glob("chainrule-job-*"))
    outcome = run_bounded(SWITCH["one-thread"], py, RULES, limit=20)
    assert time.monotonic() - start < 60
    assert set(Path(tempfile.gettempdir()).glob("chainrule-job-*")) <= scratch, "the job's scratch folder is left"
    assert outcome.failed and not outcome.changed
    text = "\n".join(outcome.lines)
    assert "hangs.ipynb: did not finish within 20 s" in text and "--config one-thread" in text
    pid = int((tmp_path / "kernel.pid").read_text())
    assert _gone(pid), f"the hung notebook's kernel (pid {pid}) outlived its job"


def test_a_job_that_raises_is_reported_and_the_batch_goes_on(tmp_path):
    """A job whose notebook cannot even be read is one failed outcome; the next job still runs and reproduces."""
    broken = tmp_path / "broken.py"
    broken.write_text("# %%\nprint(1)\n")
    broken.with_suffix(".ipynb").write_text("{ not json")
    good = tmp_path / "good.py"
    good.write_text("# %%\nprint(6 * 7)\n")
    execute_notebook(good)
    outcomes, skipped = check([broken, good], [SWITCH["one-thread"]], RULES, workers=1, limit=120)
    assert [o.notebook for o in outcomes] == [str(broken.with_suffix(".ipynb")), str(good.with_suffix(".ipynb"))]
    assert outcomes[0].failed and "broken.ipynb: could not be executed" in outcomes[0].lines[0]
    assert not outcomes[1].failed and not outcomes[1].changed and skipped == []
