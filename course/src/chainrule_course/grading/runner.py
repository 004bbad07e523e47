"""Grade one submission: run its graded notebook in a sandboxed kernel and read the signed verdicts.

Guards against a kernel that lies, hangs, floods or dies. The grader talks to the kernel over
ZeroMQ on Unix sockets in the run folder (the sandbox has no network). Answer cells are sent as
the student wrote them; each test cell is sent only as `sys.audit("chainrule.run", id, nonce)`,
which the harness (see `harness.py`) answers with a signed verdict line. A test's points count
only for a correctly signed `pass` with the nonce sent for it. Whatever the kernel prints is kept
for the instructor's copy, capped per cell, and never shown to the student.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import queue
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import KernelManager

from .course import Assignment, grade_id, graded_notebook, imported_modules, is_test
from .sandbox import HARNESS, Limits, hand_over, helpers_folder, kernel_command, new_uid

__all__ = ["Outcome", "TestResult", "run_submission", "verify_verdicts"]

STARTUP_TIMEOUT = 120  # seconds for the kernel to start (torch's import, under load)
WRAPPER = ('__import__("sys").audit("chainrule.run", {gid!r}, {nonce!r})\n'
           'if __chainrule_outcome__ != "pass":\n'
           '    raise AssertionError({gid!r} + ": " + __chainrule_outcome__)\n')


@dataclass
class TestResult:
    """What the grader concluded about one test cell."""

    grade_id: str
    points: float
    status: str = "not run"  # passed, failed, tampered, not run
    detail: str = ""

    @property
    def score(self) -> float:
        """Full points for a signed pass, nothing otherwise."""
        return self.points if self.status == "passed" else 0.0


@dataclass
class Outcome:
    """Everything one run produced: per-test results, reasons for the instructor, the executed notebook."""

    tests: dict[str, TestResult]
    reasons: list[str] = field(default_factory=list)
    notebook: Any = None
    seconds: dict[str, float] = field(default_factory=dict)  # start, cells, stop: where the time went


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


def verify_verdicts(text: str, key: bytes, nonces: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """grade_id -> verdict for each correctly signed line whose nonce is the one sent; and the problems seen."""
    verdicts: dict[str, str] = {}
    problems = []
    for line in text.splitlines():
        body, _, mac = line.rpartition(" ")
        expected = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
        parts = body.split(" ", 2)
        if not hmac.compare_digest(mac, expected) or len(parts) < 3:
            problems.append("a forged verdict line was written")
            continue
        gid, nonce, verdict = parts
        if nonces.get(gid) != nonce:
            problems.append(f"{gid}: a test was started out of turn")
            continue
        if gid in verdicts:
            problems.append(f"{gid}: ran more than once")
            verdicts[gid] = "tamper ran more than once"
            continue
        verdicts[gid] = verdict
    return verdicts, problems


def _output(msg: dict[str, Any]) -> Any | None:
    """An nbformat output for an iopub message that carries one."""
    if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
        return nbformat.v4.output_from_msg(msg)
    return None


def _execute(km: KernelManager, kc: Any, code: str, timeout: float, cap: int) -> tuple[str, list[Any]]:
    """Run one cell; return ('ok'|'error'|'timeout'|'dead'|'flood', outputs kept)."""
    msg_id = kc.execute(code, store_history=False, allow_stdin=False, stop_on_error=False)
    outputs, size, status, flooded = [], 0, None, False
    deadline = time.monotonic() + timeout
    while True:
        if time.monotonic() > deadline:
            return "timeout", outputs
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            if not km.is_alive():
                return "dead", outputs
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        out = _output(msg)
        if out is not None:
            if out.get("output_type") == "error":
                status = "error"
            size += len(json.dumps(out))
            if size <= cap:
                outputs.append(out)
            else:
                flooded = True
    return "flood" if flooded else status or "ok", outputs


def _start(run_dir: Path, work_dir: Path, setup: dict[str, Any], limits: Limits, sandbox: bool) -> KernelManager:
    """Write the harness setup and start the kernel, sandboxed or not."""
    setup_path = run_dir / "setup.json"
    setup_path.write_text(json.dumps(setup))
    argv = [sys.executable, "-I", str(HARNESS), str(setup_path)]
    km = SandboxedKernelManager(transport="ipc", ip=str(run_dir / "kernel"),
                                connection_file=str(run_dir / "kernel.json"))
    km.uid = new_uid()
    km.command = kernel_command(argv, run_dir, work_dir, limits, km.uid) if sandbox else argv
    km.sandboxed = sandbox
    os.chmod(run_dir, 0o700)
    with (run_dir / "kernel.log").open("wb") as log:  # the kernel's own messages, for the instructor
        km.start_kernel(cwd=str(work_dir), env={**os.environ, "OMP_NUM_THREADS": "1"}, stdout=log, stderr=log)
    return km


def run_submission(submitted: Any, assignment: Assignment, limits: Limits, cell_timeout: float,
                   sandbox: bool = True) -> Outcome:
    """Run one submission's graded notebook and return what each test earned, and why not if it did not."""
    graded = graded_notebook(submitted, assignment)
    points = assignment.points()
    tests = assignment.tests()
    outcome = Outcome({gid: TestResult(gid, pts) for gid, pts in points.items()}, notebook=graded)
    key = secrets.token_bytes(32)
    nonces = {gid: secrets.token_hex(8) for gid in tests}
    with tempfile.TemporaryDirectory(prefix="chainrule-grade-") as tmp:
        run_dir, work_dir = Path(tmp) / "run", Path(tmp) / "work"
        run_dir.mkdir()
        work_dir.mkdir()
        nbformat.write(submitted, str(work_dir / f"{assignment.name}.ipynb"))
        setup = {"key": key.hex(), "tests": tests, "protect": imported_modules(list(tests.values())),
                 "limits": limits.for_harness(), "helpers": str(helpers_folder()),
                 "verdicts": str(run_dir / "verdicts"),
                 "connection_file": str(run_dir / "kernel.json"), "cwd": "/home/student" if sandbox else str(work_dir)}
        clock = time.perf_counter()
        km = _start(run_dir, work_dir, setup, limits, sandbox)
        kc = km.client()
        try:
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
                outcome.seconds["start"] = time.perf_counter() - clock
            except RuntimeError:
                log = (run_dir / "kernel.log").read_text(errors="replace").strip().splitlines() or ["no message"]
                outcome.reasons.append(f"the kernel did not start ({log[-1][:200]})")
                return outcome
            _run_cells(km, kc, graded, nonces, outcome, limits, cell_timeout)
            outcome.seconds["cells"] = time.perf_counter() - clock - outcome.seconds["start"]
        finally:
            clock = time.perf_counter()
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            outcome.seconds["stop"] = time.perf_counter() - clock
            verdict_file = run_dir / "verdicts"
            text = verdict_file.read_text(errors="replace") if verdict_file.exists() else ""
        verdicts, problems = verify_verdicts(text, key, nonces)
        outcome.reasons.extend(dict.fromkeys(problems))
        for gid, verdict in verdicts.items():
            result = outcome.tests[gid]
            word, _, detail = verdict.partition(" ")
            result.status = {"pass": "passed", "fail": "failed"}.get(word, "tampered")
            result.detail = detail
            if word == "tamper":
                outcome.reasons.append(f"{gid}: {detail} (scored 0; for review)")
        if problems:
            for result in outcome.tests.values():  # someone wrote to the verdict file: trust no pass of this run
                if result.status == "passed":
                    result.status, result.detail = "tampered", "the verdict file was written to"
    return outcome


def _run_cells(km: KernelManager, kc: Any, graded: Any, nonces: dict[str, str], outcome: Outcome, limits: Limits,
               cell_timeout: float) -> None:
    """Send every code cell in order; stop when the kernel dies or stops answering."""
    for index, cell in enumerate(graded.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        gid = grade_id(cell) or f"(unnamed cell {index})"
        test = is_test(cell) and gid in nonces
        code = WRAPPER.format(gid=gid, nonce=nonces[gid]) if test else cell.source
        status, cell.outputs = _execute(km, kc, code, cell_timeout, limits.output)
        if status == "flood":
            outcome.reasons.append(f"cell {gid} printed more than {limits.output // 1_000_000} MB (the rest was "
                                   "dropped)")
        if status == "error" and not test:
            names = [out.get("ename", "?") for out in cell.outputs if out.get("output_type") == "error"]
            outcome.reasons.append(f"cell {gid} raised {names[-1] if names else 'an error'}")
        if status in ("timeout", "dead"):
            what = "timed out" if status == "timeout" else "ended the kernel"
            outcome.reasons.append(f"cell {gid} {what}")
            if status == "timeout" and not test and _interrupted(km, kc):
                continue
            later = [grade_id(c) for c in graded.cells[index:] if is_test(c)]
            if later:
                outcome.reasons.append(f"not run after that: {', '.join(later)}")
            return


def _interrupted(km: KernelManager, kc: Any) -> bool:
    """Interrupt a cell that ran out of time; True if the kernel is usable again."""
    km.interrupt_kernel()
    status, _ = _execute(km, kc, "pass", 10, 1000)
    return status == "ok"
