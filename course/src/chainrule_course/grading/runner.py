"""Grade one submission: its cells in a sandboxed kernel, the instructor's tests here, against that kernel.

Guards against a kernel that lies, hangs, floods, fills the disk or dies. The grader talks to the
kernel over ZeroMQ on Unix sockets in the run folder (the sandbox has no network). Every code cell
but the tests is sent as the student wrote it (or as released). At a test cell the kernel is asked
to run `__chainrule_serve__()`, which connects to this process's socket and answers requests, while
the test itself runs here (`judge.run_test`): the kernel never holds a test, an expected value or
anything a verdict depends on, so whatever it does can change only its own answers.

Every wait is metered in the submission's CPU seconds (`resources.Meter`): a cell, a test and the
whole submission each have a budget, with a wall-clock cap several times larger for code that only
sleeps. Whatever the kernel prints is kept for the instructor's copy, capped per cell, and never
shown to the student.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import KernelManager

from .course import Assignment, grade_id, graded_notebook, is_test
from .diagnosis import Diagnosis, diagnose, load, reference_namespace
from .files import read_capped
from .judge import KernelGone, connect_checks, import_setup, run_test, shown_error
from .remote import Channel, StudentNames
from .resources import Cgroup, Limits, Meter, OutOfTime, process_tree_seconds
from .sandbox import HARNESS, Zygote, hand_over, kernel_command, new_uid

__all__ = ["Outcome", "TestResult", "run_submission"]

STARTUP_TIMEOUT = 120  # seconds for the kernel to start (torch's import, under load)
TEST_CPU = 60.0  # CPU seconds one test may make the student's code use
SERVE = "__chainrule_serve__()"
RUN_FOLDER_CAP = 32 << 20  # bytes the run folder (sockets, logs) may hold before the kernel is stopped
RECURSION_LIMIT = 1000  # Python's default, restored before every request a test sends


@dataclass
class TestResult:
    """What the grader concluded about one test cell."""

    grade_id: str
    points: float
    status: str = "not run"  # passed, failed, not run
    detail: str = ""
    hint: str = ""  # a counterexample from the student's own function (diagnosis.py)
    misconception: str = ""  # the id of the named misconception the answer shows
    explanation: str = ""  # its name and the section that explains it, for the feedback

    @property
    def score(self) -> float:
        """Full points for a pass, nothing otherwise."""
        return self.points if self.status == "passed" else 0.0


@dataclass
class Outcome:
    """Everything one run produced: per-test results, reasons for the instructor, the executed notebook."""

    tests: dict[str, TestResult]
    reasons: list[str] = field(default_factory=list)
    notebook: Any = None
    seconds: dict[str, float] = field(default_factory=dict)  # start, cells, stop: where the time went
    cpu: float = 0.0  # CPU seconds the submission's own processes used (kernel start, cells, tests)
    limits: str = ""  # which mechanism enforced memory and CPU share


class SandboxedKernelManager(KernelManager):
    """A kernel manager whose kernel is the harness, started through the sandbox's command."""

    command: list[str] = []
    sandboxed: bool = True
    uid: int = 0

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The harness's command line, whatever the kernel spec says."""
        return list(self.command)

    def interrupt_kernel(self) -> None:
        """Interrupt by message: bubblewrap's new session and PID namespace keep signals from reaching it."""
        self._connect_control_socket()
        self.session.send(self._control_socket, self.session.msg("interrupt_request", content={}))

    def write_connection_file(self, **kwargs: Any) -> None:
        """Write the connection file, readable by the sandbox's user."""
        super().write_connection_file(**kwargs)
        if self.sandboxed:
            hand_over(Path(self.connection_file), self.uid)


class Kernel:
    """One submission's kernel and what watches it: its budget, its run folder, its socket for tests."""

    def __init__(self, km: SandboxedKernelManager, kc: Any, server: socket.socket, run_dir: Path, limits: Limits,
                 cpu: Callable[[], float]) -> None:
        self.km, self.kc, self.server, self.run_dir, self.limits, self.cpu = km, kc, server, run_dir, limits, cpu
        self.total = Meter(cpu, limits.cpu_total, limits.wall_total)
        self.stopped = ""  # why the grader stopped the kernel itself, if it did

    def meter(self, cpu_limit: float) -> Meter:
        """A budget for one cell or test: CPU seconds, and four times as many wall-clock seconds plus a minute."""
        return Meter(self.cpu, cpu_limit, 4 * cpu_limit + 60)

    def watch(self, meter: Meter) -> None:
        """Raise if the item or the submission is out of time, the kernel is gone, or the run folder overflows."""
        meter.check()
        self.total.check()
        if not self.km.is_alive():
            raise KernelGone("the kernel ended")
        if self.overflowed():
            raise KernelGone(self.stopped)

    def overflowed(self) -> bool:
        """Whether the run folder holds more than its cap; if so the kernel is stopped, and `stopped` says why."""
        if _folder_size(self.run_dir) <= RUN_FOLDER_CAP:
            return False
        self.stopped = f"the kernel wrote more than {RUN_FOLDER_CAP >> 20} MB into its run folder (stopped)"
        self.km.shutdown_kernel(now=True)
        return True

    def execute(self, code: str, meter: Meter) -> tuple[str, list[Any]]:
        """Run one cell; ('ok'|'error'|'timeout'|'dead'|'flood', outputs kept)."""
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=False, stop_on_error=False)
        return self.collect(msg_id, meter)

    def collect(self, msg_id: str, meter: Meter) -> tuple[str, list[Any]]:
        """The outputs of one request until the kernel is idle again, within the meter's budget."""
        outputs, size, status, flooded = [], 0, None, False
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                try:
                    self.watch(meter)
                except OutOfTime:
                    return "timeout", outputs
                except KernelGone:
                    return "dead", outputs
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                if self.overflowed():  # a fast disk fills the folder before any quiet moment is watched
                    return "dead", outputs
                break
            out = _output(msg)
            if out is not None:
                if out.get("output_type") == "error":
                    status = "error"
                size += len(json.dumps(out))
                if size <= self.limits.output:
                    outputs.append(out)
                else:
                    flooded = True
        return "flood" if flooded else status or "ok", outputs

    def test(self, source: str, gid: str, names: StudentNames,
             explain: Callable[[str, Callable[[str], Any]], Diagnosis]) -> tuple[str, str, Diagnosis, list[Any]]:
        """Run one test here against the kernel's serve loop; (status, detail, what feedback may say about a
        failure, what the kernel printed)."""
        meter = self.meter(TEST_CPU)
        msg_id = self.kc.execute(SERVE, store_history=False, allow_stdin=False, stop_on_error=False)
        conn = self._accept(msg_id, meter)
        if conn is None:
            status, outputs = self.collect(msg_id, self.meter(10))
            return ("failed", "the kernel did not answer the grader (its serve loop is missing or broken)", Diagnosis(),
                    outputs)
        diagnosis = Diagnosis()
        try:
            channel = Channel(conn, lambda: self.watch(meter))
            names.connect(channel)
            try:
                status, detail = run_test(source, gid, names)
                if status == "failed" and not detail.startswith("timed out"):
                    diagnosis = _explained(explain, gid, channel)
            finally:
                names.connect(None)
            try:
                conn.settimeout(5)
                channel.end()
            except OSError:
                pass
        finally:
            conn.close()
        if detail.startswith("timed out"):
            self.km.interrupt_kernel()
        done, outputs = self.collect(msg_id, self.meter(10))
        if done in ("timeout", "dead"):
            raise KernelGone("the kernel did not come back after the test")
        return status, detail, diagnosis, outputs

    def _accept(self, msg_id: str, meter: Meter) -> socket.socket | None:
        """The kernel's connection for one test, or None if its serve cell ended without connecting."""
        while True:
            try:
                conn, _ = self.server.accept()
                conn.settimeout(0.2)
                return conn
            except TimeoutError:
                pass
            try:
                msg = self.kc.get_iopub_msg(timeout=0)
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"):
                    return None
            except queue.Empty:
                pass
            self.watch(meter)


def _explained(explain: Callable[[str, Callable[[str], Any]], Diagnosis], gid: str, channel: Channel) -> Diagnosis:
    """The diagnosis of a failed test, or none if finding it failed in any way (it is feedback, never a grade)."""
    try:
        return explain(gid, lambda name: channel.request("lookup", name))
    except Exception:  # noqa: BLE001 - a hint that cannot be computed is simply not shown
        return Diagnosis()


def _folder_size(folder: Path) -> int:
    """Bytes in the regular files directly in a folder (the run folder holds no subfolders of the kernel's)."""
    total = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
    except OSError:
        pass
    return total


def _output(msg: dict[str, Any]) -> Any | None:
    """An nbformat output for an iopub message that carries one."""
    if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
        return nbformat.v4.output_from_msg(msg)
    return None


def _start(run_dir: Path, notebook: Path, setup: dict[str, Any], limits: Limits, sandbox: bool,
           cgroup: Cgroup | None, zygote: Zygote | None = None) -> SandboxedKernelManager:
    """Write the harness setup and start the kernel: forked from the worker's zygote, or cold in a sandbox of its
    own (inside its cgroup), or unsandboxed."""
    setup_path = run_dir / "setup.json"
    setup_path.write_text(json.dumps(setup))
    argv = [sys.executable, "-I", str(HARNESS), str(setup_path)]
    km = SandboxedKernelManager(transport="ipc", ip=str(run_dir / "kernel"),
                                connection_file=str(run_dir / "kernel.json"))
    km.uid = new_uid()
    if zygote is not None and cgroup is not None:
        for path in (run_dir, *run_dir.iterdir()):
            hand_over(path, km.uid)
        km.command = zygote.command({"setup": str(setup_path), "uid": km.uid, "cgroups": cgroup.procs(),
                                     "notebook": [str(notebook), notebook.name], "tmp_size": limits.tmp_size,
                                     "log": str(run_dir / "kernel.log")}, run_dir)
    else:
        command = kernel_command(argv, run_dir, notebook, limits, km.uid) if sandbox else argv
        km.command = cgroup.enter(command) if cgroup else command
    km.sandboxed = sandbox
    os.chmod(run_dir, 0o700)
    with (run_dir / "kernel.log").open("wb") as log:  # the kernel's own messages, for the instructor
        km.start_kernel(cwd=str(run_dir), env={**os.environ, "OMP_NUM_THREADS": "1"}, stdout=log, stderr=log)
    return km


def _listen(path: Path, uid: int, sandbox: bool) -> socket.socket:
    """The Unix socket the kernel's serve loop connects to at each test."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    server.settimeout(0.2)
    if sandbox:
        os.chmod(path, 0o777)
        hand_over(path, uid)
    return server


def run_submission(submitted: Any, assignment: Assignment, limits: Limits, cell_timeout: float,
                   sandbox: bool = True, zygote: Zygote | None = None) -> Outcome:
    """Run one submission's graded notebook and return what each test earned, and why not if it did not.
    With a zygote (a batch worker's), its kernel is forked warm; if that kernel does not start, a cold one is."""
    if sandbox and zygote is not None and zygote.alive():
        outcome = _run_once(submitted, assignment, limits, cell_timeout, sandbox, zygote)
        if outcome is not None:
            return outcome
    outcome = _run_once(submitted, assignment, limits, cell_timeout, sandbox, None)
    assert outcome is not None  # a cold start's failure is the outcome's reason
    return outcome


def _run_once(submitted: Any, assignment: Assignment, limits: Limits, cell_timeout: float, sandbox: bool,
              zygote: Zygote | None) -> Outcome | None:
    """`run_submission` with one way of starting the kernel; None if a warm start failed (the caller starts cold)."""
    graded = graded_notebook(submitted, assignment)
    tests = assignment.tests()
    outcome = Outcome({gid: TestResult(gid, pts) for gid, pts in assignment.points().items()}, notebook=graded)
    cgroup = Cgroup.create(limits) if sandbox else None
    outcome.limits = cgroup.describe() if cgroup else "rlimits only (RLIMIT_AS for memory, no CPU share)"
    warm = zygote is not None and cgroup is not None
    with tempfile.TemporaryDirectory(prefix="chainrule-grade-", dir=zygote.spool if warm else None) as tmp:
        os.chmod(tmp, 0o711)  # the kernel passes through to its run folder and notebook, and lists nothing
        run_dir = Path(tmp) / "run"
        run_dir.mkdir()
        notebook = Path(tmp) / f"{assignment.name}.ipynb"
        nbformat.write(submitted, str(notebook))
        os.chmod(notebook, 0o644)
        setup = {"limits": limits.for_harness(cgroup), "socket": str(run_dir / "serve.sock"),
                 "recursion_limit": RECURSION_LIMIT, "connection_file": str(run_dir / "kernel.json"),
                 "cwd": "/home/student" if sandbox else tmp}
        clock = time.perf_counter()
        km = None
        try:
            km = _start(run_dir, notebook, setup, limits, sandbox, cgroup, zygote if warm else None)
            server = _listen(run_dir / "serve.sock", km.uid, sandbox)
            pid = km.provisioner.process.pid if km.provisioner else os.getpid()
            cpu = cgroup.cpu_seconds if cgroup else (lambda: process_tree_seconds(pid))
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
            except RuntimeError:
                if warm:
                    return None
                log = _tail(run_dir / "kernel.log")
                outcome.reasons.append(f"the kernel did not start ({log})")
                return outcome
            outcome.seconds["start"] = time.perf_counter() - clock
            kernel = Kernel(km, kc, server, run_dir, limits, cpu)
            _run_cells(kernel, graded, tests, assignment, outcome, cell_timeout)
            outcome.seconds["cells"] = time.perf_counter() - clock - outcome.seconds["start"]
            outcome.cpu = cpu()
            kc.stop_channels()
            server.close()
        finally:
            clock = time.perf_counter()
            if km is not None:
                km.shutdown_kernel(now=True)
            if cgroup is not None:
                if cgroup.out_of_memory():
                    outcome.reasons.append(f"the submission used more than its {limits.memory >> 20} MB of memory")
                cgroup.remove()
            outcome.seconds["stop"] = time.perf_counter() - clock
    if warm:
        outcome.limits += "; kernel forked from the worker's warm zygote"
    return outcome


def _tail(path: Path, cap: int = 4096) -> str:
    """The last line of a log the kernel wrote, read without following links and capped."""
    try:
        text = read_capped(path, cap, tail=True).decode(errors="replace")
    except OSError:
        return "no message"
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return (lines[-1] if lines else "no message")[:200]


def _run_cells(kernel: Kernel, graded: Any, tests: dict[str, str], assignment: Assignment, outcome: Outcome,
               cell_timeout: float) -> None:
    """Send every code cell in order, running each test here; stop when the kernel dies or stops answering."""
    names = StudentNames()
    import_setup(names, assignment.setup())
    restore = connect_checks(names)
    try:
        _run_each(kernel, graded, tests, names, _explainer(assignment), outcome, cell_timeout)
    finally:
        restore()


def _explainer(assignment: Assignment) -> Callable[[str, Callable[[str], Any]], Diagnosis]:
    """What explains a failed test of this assignment: its probes and misconceptions, and its solution, run here."""
    probes, library = load(assignment)
    reference: dict[str, Any] = {}

    def explain(gid: str, student: Callable[[str], Any]) -> Diagnosis:
        if not reference and probes:
            reference.update(reference_namespace(assignment))
        return diagnose(assignment, gid, student, reference, probes, library)

    return explain


def _run_each(kernel: Kernel, graded: Any, tests: dict[str, str], names: StudentNames,
              explain: Callable[[str, Callable[[str], Any]], Diagnosis], outcome: Outcome,
              cell_timeout: float) -> None:
    """The cells in order; see `_run_cells`."""
    for index, cell in enumerate(graded.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        gid = grade_id(cell) or f"(unnamed cell {index})"
        stop = None
        if is_test(cell) and gid in tests:
            try:
                status, detail, diagnosis, cell.outputs = kernel.test(tests[gid], gid, names, explain)
                result = outcome.tests[gid]
                result.status, result.detail, result.hint = status, detail, diagnosis.hint
                if diagnosis.misconception is not None:
                    result.misconception = diagnosis.misconception.id
                    result.explanation = diagnosis.misconception.line()
                if detail.startswith(("timed out", "used a tool", "the kernel did not answer")):
                    outcome.reasons.append(f"{gid}: {detail}")
            except KernelGone as exc:
                outcome.tests[gid].status, outcome.tests[gid].detail = "failed", str(exc)
                stop = f"test {gid}: {exc}"
            except OutOfTime as exc:
                outcome.tests[gid].status, outcome.tests[gid].detail = "failed", f"timed out: {exc}"
                stop = f"test {gid} {exc} (the submission's or the test's budget)"
        else:
            status, cell.outputs = kernel.execute(cell.source, kernel.meter(cell_timeout))
            if status == "flood":
                outcome.reasons.append(f"cell {gid} printed more than {kernel.limits.output // 1_000_000} MB (the "
                                       "rest was dropped)")
            if status == "error":
                names_seen = [out.get("ename", "?") for out in cell.outputs if out.get("output_type") == "error"]
                outcome.reasons.append(f"cell {gid} raised {shown_error(names_seen[-1]) if names_seen else 'an error'}")
            if status in ("timeout", "dead"):
                what = "timed out" if status == "timeout" else "ended the kernel"
                if status == "timeout" and kernel.total.used()[0] <= kernel.limits.cpu_total and _interrupted(kernel):
                    outcome.reasons.append(f"cell {gid} {what}")
                    continue
                stop = f"cell {gid} {what}"
        if stop is not None:
            outcome.reasons.append(f"{stop}: {kernel.stopped}" if kernel.stopped else stop)
            later = [grade_id(c) for c in graded.cells[index + 1:] if is_test(c)]
            if later:
                outcome.reasons.append(f"not run after that: {', '.join(later)}")
            return


def _interrupted(kernel: Kernel) -> bool:
    """Interrupt a cell that ran out of time; True if the kernel is usable again."""
    kernel.km.interrupt_kernel()
    status, _ = kernel.execute("pass", kernel.meter(10))
    return status == "ok"
