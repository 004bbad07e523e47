"""The portability check: every committed output must come back under other machines' numerics.

    python -m chainrule_course portability notebooks/*.py assignments/*.py     # the stand-in machines
    python -m chainrule_course portability --switches notebooks/*.py           # each switch alone
    python -m chainrule_course portability --config mkl-compatible notebooks/09_training_step.py
    python -m chainrule_course portability --list                             # what each stands for

A student's laptop is not the machine that recorded the notebooks: another CPU has other vector
units, so MKL and ATen pick other kernels, which add the same numbers in another order; another
core count splits reductions differently; another locale, time zone or hash seed changes what
Python itself prints. Each *switch* below changes one of these on this machine, through the
environment variables the libraries document; a *machine* throws several switches at once and
stands in for a computer we do not have. Every notebook
is re-executed under each one and its text outputs (after nbval's sanitising) must equal the
committed ones; a difference names the configuration, the notebook, the cell, the .py line and a
short diff. `make test` already re-executes under this machine's own configuration (nbval), so
an output that only the recording machine reproduces fails one side or the other.

A configuration this CPU cannot run (MKL's AVX-512 branch without AVX-512) is reported as not run,
with the reason, and never counted as passed. A notebook that runs past `--limit` seconds under one
configuration is stopped with its kernel and counted as not executed; the others still run. Exit status:
0 if every run reproduced, 1 if an output changed, 2 if a notebook could not be executed.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from .drift import Rules, drift, report, sanitizers
from .repository import RepositoryNotFound, find

__all__ = ["CONFIGURATIONS", "MACHINES", "SWITCHES", "Configuration", "Outcome", "check", "combine", "main",
           "run_bounded", "run_one"]

JOB_LIMIT = 900  # seconds a notebook may run under one configuration (a cell alone may take 300) before it is stopped
# A reader's own matplotlibrc, unlike ours in every setting a figure's printed size could depend on.
READERS_MATPLOTLIBRC = "figure.dpi: 144\nfigure.figsize: 9, 7\nfont.size: 15\nsavefig.dpi: 300\n"


@dataclass(frozen=True)
class Configuration:
    """One stand-in for another machine: a name, the environment that switches it on, and why."""

    name: str
    env: dict[str, str]
    stands_for: str
    needs_cpu_flags: tuple[str, ...] = ()
    matplotlibrc: str | None = None

    def unsupported(self, cpu_flags: set[str]) -> str | None:
        """Why this CPU cannot run the configuration, or None when it can."""
        missing = [flag for flag in self.needs_cpu_flags if flag not in cpu_flags]
        return f"this CPU lacks {', '.join(missing)}" if missing else None


SWITCHES: list[Configuration] = [
    Configuration("mkl-compatible", {"MKL_CBWR": "COMPATIBLE"},
                  "MKL's vendor-independent SSE2 path: any x86-64 CPU, an AMD one included"),
    Configuration("mkl-sse4_2", {"MKL_CBWR": "SSE4_2"}, "an older Intel or AMD CPU without AVX"),
    Configuration("mkl-avx2", {"MKL_CBWR": "AVX2"}, "a laptop with AVX2 (Haswell to today's)",
                  needs_cpu_flags=("avx2", "fma")),
    Configuration("mkl-avx512", {"MKL_CBWR": "AVX512"}, "a Xeon server with AVX-512",
                  needs_cpu_flags=("avx512f", "avx512bw", "avx512dq", "avx512vl")),
    Configuration("mkl-auto-cnr", {"MKL_CBWR": "AUTO"},
                  "MKL's reproducible mode: fixed cache sizes, deterministic reductions, static scheduling"),
    Configuration("aten-default", {"ATEN_CPU_CAPABILITY": "default"},
                  "ATen's baseline kernels, as on a CPU without AVX2 (or an ARM CPU's scalar fallbacks)"),
    Configuration("one-thread", {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
                  "a single-core machine, or a notebook service that gives one thread"),
    Configuration("eight-threads", {"OMP_NUM_THREADS": "8", "MKL_NUM_THREADS": "8"},
                  "a machine with more cores, which splits every parallel reduction differently"),
    Configuration("openblas-generic", {"OPENBLAS_CORETYPE": "Prescott"},
                  "NumPy's OpenBLAS on its oldest x86-64 kernels"),
    Configuration("reader-settings",
                  {"PYTHONHASHSEED": "271828", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "Pacific/Kiritimati"},
                  "another hash seed (set and dict order of strings), locale, time zone and matplotlibrc",
                  matplotlibrc=READERS_MATPLOTLIBRC),
]


def combine(name: str, stands_for: str, *switches: str) -> Configuration:
    """A stand-in machine that throws several switches at once (each switch alone is in SWITCHES)."""
    chosen = [next(s for s in SWITCHES if s.name == switch) for switch in switches]
    env: dict[str, str] = {}
    for switch in chosen:
        env.update(switch.env)
    flags = tuple(dict.fromkeys(flag for switch in chosen for flag in switch.needs_cpu_flags))
    rc = next((switch.matplotlibrc for switch in chosen if switch.matplotlibrc), None)
    return Configuration(name, env, stands_for, flags, rc)


# What CI runs: every switch above, grouped into four machines so that each notebook runs four times,
# not ten. `--switches` runs each switch alone, to find which one moved an output.
MACHINES: list[Configuration] = [
    combine("old-x86-one-core", "any x86-64 CPU on its oldest code paths, one thread (a small cloud notebook)",
            "mkl-compatible", "aten-default", "one-thread", "openblas-generic"),
    combine("sse4-many-cores", "an older CPU with many cores, and a reader's own locale, time zone and matplotlibrc",
            "mkl-sse4_2", "eight-threads", "reader-settings"),
    combine("avx2-laptop", "a recent laptop on MKL's AVX2 branch", "mkl-avx2"),
    combine("reproducible-mkl", "MKL's own reproducible mode on this CPU's best branch", "mkl-auto-cnr"),
    combine("avx512-server", "a Xeon server on MKL's AVX-512 branch", "mkl-avx512"),
]
CONFIGURATIONS = SWITCHES + MACHINES


@dataclass
class Outcome:
    """What one notebook did under one configuration: its report lines, and whether it changed or failed."""

    configuration: str
    notebook: str
    changed: bool = False
    failed: bool = False
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0


def cpu_flags() -> set[str]:
    """The CPU's feature flags as Linux lists them (empty where /proc/cpuinfo has none, as on macOS)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.split(":", 1)[1].split())
    return set()


def run_one(configuration: Configuration, py_path: Path, rules: Rules) -> Outcome:
    """Execute one notebook under one configuration into a scratch folder and compare it with the committed one."""
    start = time.perf_counter()
    outcome = Outcome(configuration.name, str(py_path.with_suffix(".ipynb")))
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(configuration.env)
        if configuration.matplotlibrc is not None:
            (Path(scratch) / "matplotlibrc").write_text(configuration.matplotlibrc)
            env["MPLCONFIGDIR"] = scratch
        try:
            changes, code_cells = drift(py_path, refresh=False, rules=rules, env=env)
        except (FileNotFoundError, RuntimeError) as error:
            outcome.failed = True
            outcome.lines = [f"{outcome.notebook}: could not be executed: {error}"]
            return outcome
    outcome.changed = bool(changes)
    outcome.lines = report(outcome.notebook, changes, code_cells).splitlines()
    outcome.seconds = time.perf_counter() - start
    return outcome


def _run_and_send(send: Connection, configuration: Configuration, py_path: Path, rules: Rules, scratch: str) -> None:
    """The body of a bounded job's process: run it and send back its outcome, whatever it raised. Its temporary files
    (the kernel's sockets, the scratch notebook) go in `scratch`, which the parent removes even if this is killed."""
    tempfile.tempdir = scratch
    try:
        outcome = run_one(configuration, py_path, rules)
    except Exception as error:  # a job reports what went wrong; the batch goes on
        outcome = Outcome(configuration.name, str(py_path.with_suffix(".ipynb")), failed=True,
                          lines=[f"{py_path.with_suffix('.ipynb')}: could not be executed: "
                                 f"{type(error).__name__}: {error}"])
    send.send(outcome)


def run_bounded(configuration: Configuration, py_path: Path, rules: Rules, limit: float = JOB_LIMIT) -> Outcome:
    """`run_one` in a process of its own, killed with its kernel if it outlives `limit` seconds.

    A hang (a kernel that never answers, a thread that never joins) is reported as this notebook's failure under this
    configuration, and every other job still runs: CI hears which one, instead of waiting out its time limit.
    """
    start, notebook = time.perf_counter(), str(py_path.with_suffix(".ipynb"))
    context = multiprocessing.get_context("forkserver")
    receive, send = context.Pipe(duplex=False)
    scratch = tempfile.mkdtemp(prefix="chainrule-job-")
    process = context.Process(target=_run_and_send, args=(send, configuration, py_path, rules, scratch), daemon=True)
    process.start()
    send.close()
    try:
        if receive.poll(limit):
            return receive.recv()
        return Outcome(configuration.name, notebook, failed=True, seconds=time.perf_counter() - start,
                       lines=[f"{notebook}: did not finish within {limit:.0f} s; stopped with its kernel "
                              f"(run it alone: python -m chainrule_course portability --config "
                              f"{configuration.name} {py_path})"])
    except EOFError:  # the process died without a word (killed, out of memory)
        return Outcome(configuration.name, notebook, failed=True, seconds=time.perf_counter() - start,
                       lines=[f"{notebook}: its process ended without an outcome (exit code {process.exitcode})"])
    finally:
        _kill_with_children(process)
        receive.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _kill_with_children(process: multiprocessing.process.BaseProcess) -> None:
    """End a job's process and everything it started (its kernel runs in a process group of its own)."""
    import psutil  # ipykernel's own dependency: present wherever a kernel runs

    try:
        children = psutil.Process(process.pid).children(recursive=True) if process.pid else []
    except psutil.NoSuchProcess:
        children = []
    process.kill()
    process.join()
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(children, timeout=10)


def check(notebooks: list[Path], configurations: list[Configuration], rules: Rules,
          workers: int = 2, limit: float = JOB_LIMIT) -> tuple[list[Outcome], list[str]]:
    """Run every notebook under every configuration this CPU supports; the outcomes and the configurations skipped."""
    flags = cpu_flags()
    skipped = [f"{c.name}: not run, {why}" for c in configurations if (why := c.unsupported(flags))]
    runnable = [c for c in configurations if not c.unsupported(flags)]
    jobs = [(c, nb) for c in runnable for nb in notebooks]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:  # each job is a process; a thread waits on it
        outcomes = list(pool.map(lambda job: run_bounded(*job, rules, limit), jobs))
    return outcomes, skipped


def summary(outcomes: list[Outcome], configurations: list[Configuration], skipped: list[str]) -> list[str]:
    """One line per configuration: how many notebooks reproduced, changed or failed, and its time."""
    lines = []
    for configuration in configurations:
        mine = [o for o in outcomes if o.configuration == configuration.name]
        if not mine:
            continue
        changed = [Path(o.notebook).stem for o in mine if o.changed]
        failed = [Path(o.notebook).stem for o in mine if o.failed]
        env = " ".join(f"{k}={v}" for k, v in configuration.env.items())
        state = "all reproduced" if not changed and not failed else (
            f"changed: {', '.join(changed)}" if changed else "") + (f" failed: {', '.join(failed)}" if failed else "")
        lines.append(f"  {configuration.name:16} {len(mine) - len(changed) - len(failed):2}/{len(mine)} "
                     f"{state}  ({sum(o.seconds for o in mine):.0f} s; {env})")
    return lines + [f"  {line}" for line in skipped]


def main(argv: list[str] | None = None) -> int:
    """Command line: the portability check over the named notebooks, under every (or the named) configuration."""
    parser = argparse.ArgumentParser(prog="python -m chainrule_course portability",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="py:percent notebooks (their .ipynb is compared)")
    parser.add_argument("--config", action="append", metavar="NAME", choices=[c.name for c in CONFIGURATIONS],
                        help="run only this configuration, a machine or a switch (repeatable; default: the machines)")
    parser.add_argument("--switches", action="store_true",
                        help="run every switch alone instead of the machines: which one moved an output")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="notebooks executed at once")
    parser.add_argument("--limit", type=float, default=JOB_LIMIT, metavar="SECONDS",
                        help="stop a notebook that runs longer under one configuration, and report it as failed "
                             f"(default: {JOB_LIMIT})")
    parser.add_argument("--list", action="store_true", help="list the configurations and what each stands for")
    args = parser.parse_args(argv)
    if args.list or not args.notebooks:
        for c in CONFIGURATIONS:
            print(f"{c.name:16} {' '.join(f'{k}={v}' for k, v in c.env.items()):40} {c.stands_for}")
        return 0 if args.list else 2
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # no debugger warnings from the kernels
    chosen = ([c for c in CONFIGURATIONS if c.name in args.config] if args.config
              else SWITCHES if args.switches else MACHINES)
    try:
        rules = sanitizers(find().sanitizers)
    except (RepositoryNotFound, FileNotFoundError) as error:
        print(f"portability: {error}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    outcomes, skipped = check(args.notebooks, chosen, rules, args.workers, args.limit)
    for outcome in outcomes:
        if outcome.changed or outcome.failed:
            print(f"[{outcome.configuration}] " + "\n".join(outcome.lines), flush=True)
    print(f"\nPortability check: {len(args.notebooks)} notebooks under {len(chosen) - len(skipped)} configurations "
          f"in {time.perf_counter() - start:.0f} s")
    print("\n".join(summary(outcomes, chosen, skipped)))
    return 2 if any(o.failed for o in outcomes) else 1 if any(o.changed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
