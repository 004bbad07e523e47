"""The OS sandbox every grading kernel runs in: bubblewrap, a private user id, and resource limits.

Guards against a submission that reads or writes outside its own working copy, reaches the
network, outlives grading, or exhausts the machine. Inside, the kernel sees:

- read-only: the system (`/usr`, `/lib*`, `/bin`, a few files of `/etc`), the Python environment
  (`sys.prefix`, `sys.base_prefix`), the reader's helpers (`chainrule_helpers`, found where Python
  imports it from), the harness and the channel's codec, each at its own path: not the course
  tooling, whose grader and tests a kernel must not read; and its own notebook in its home;
- read-write: its run folder (the kernel's sockets, nothing else the grader reads but capped logs),
  and a home and a `/tmp` that are size-capped tmpfs (memory, counted by the submission's cgroup):
  nothing a submission writes there reaches the host's disk;
- nothing else: not the repository, the source notebooks, the gradebook, the course, other
  submissions, or the network (a new, empty network namespace).

It runs in new PID, IPC, UTS and network namespaces: when the kernel ends, bubblewrap's init ends
and the kernel (Linux) kills every process left in the namespace. Run as root, each kernel drops to
a fresh user id of its own (`setpriv`), so the process limit counts only its processes, never a
previous submission's still dying ones; run as another user, bubblewrap maps that user into a new
user namespace. Memory and CPU share are the cgroup's (`resources.py`); the harness sets the
rlimits before any student code runs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .resources import Limits

__all__ = ["HARNESS", "WIRE", "ZYGOTE", "SandboxUnavailable", "Zygote", "check_available", "hand_over",
           "helpers_folder", "kernel_command", "kernel_env", "new_uid"]

HARNESS = Path(__file__).resolve().parent / "harness.py"
WIRE = HARNESS.with_name("wire.py")  # the channel's codec, which the harness loads by path
ZYGOTE = HARNESS.with_name("zygote.py")  # the warm start every worker's kernels are forked from (root only)
HOME = "/home/student"
CGROUP_TREE = "/sys/fs/cgroup"
SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/ld.so.cache", "/etc/ld.so.conf",
          "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime"]
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG", "LC_ALL")
FIRST_UID = 200_000  # sandbox user ids are drawn above this, one per kernel; no real account has them


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create its namespaces here; grading must not start."""


FIXES = (
    "Install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`), "
    "or run `make autograde` inside a Linux container that allows user namespaces, "
    "or pass --no-sandbox to grade without isolation (every row of grades.csv is then marked)."
)


def check_available() -> None:
    """Start one trivial sandbox, or raise SandboxUnavailable saying why and what to do."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"the grading sandbox needs Linux (this is {sys.platform}). {FIXES}")
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable(f"bubblewrap (`bwrap`) is not installed. {FIXES}")
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        raise SandboxUnavailable("`setpriv` (util-linux) is missing: as root, the kernel could not drop to its own "
                                 f"user id. {FIXES}")
    with tempfile.TemporaryDirectory(prefix="chainrule-probe-") as tmp:
        (Path(tmp) / "run").mkdir()
        probe = kernel_command([sys.executable, "-c", "pass"], Path(tmp) / "run", None, Limits())
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise SandboxUnavailable(f"bubblewrap could not start a sandbox here ({detail}); user namespaces may be "
                                 f"disabled. {FIXES}")


def helpers_folder() -> Path:
    """Where the reader's helpers are imported from (an installed copy, or the checkout for an editable install)."""
    spec = importlib.util.find_spec("chainrule_helpers")
    if spec is None or not spec.submodule_search_locations:
        raise SandboxUnavailable("chainrule_helpers is not installed in this environment, so a grading kernel could "
                                 "not import it: install it (`pip install -e .` in the repository, or `make test`)")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _readonly() -> list[str]:
    """Bind the system, the Python environment, the reader's helpers and the harness read-only, each where it is."""
    paths = [*SYSTEM, sys.prefix, sys.base_prefix, str(Path(sys.executable).resolve().parent),
             str(helpers_folder()), str(HARNESS), str(WIRE), str(ZYGOTE)]
    args: list[str] = []
    for path in dict.fromkeys(paths):
        args += _parents(Path(path)) + ["--ro-bind-try", path, path]
    return args


def _parents(path: Path) -> list[str]:
    """Create a bound path's missing parents traversable by the sandbox user (bwrap's default is 0700)."""
    return [arg for parent in reversed(path.parents) if str(parent) not in ("/", "/tmp")
            for arg in ("--perms", "0755", "--dir", str(parent))]


def new_uid() -> int:
    """A fresh user id for one kernel (root only): its process limit counts no other submission's leftovers."""
    return FIRST_UID + secrets.randbelow(1 << 30)


def hand_over(path: Path, uid: int) -> None:
    """Let the sandbox user (root only: its own user id) read and write a file the grader made for it."""
    if os.geteuid() == 0:
        os.chown(path, uid, uid)


def kernel_env() -> dict[str, str]:
    """The whole environment a kernel sees (nothing of the grader's is passed but a few CPU settings)."""
    return {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": HOME,
            "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython", "JUPYTER_RUNTIME_DIR": "/tmp/jupyter",
            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            **{name: os.environ[name] for name in PASSED_ENV if name in os.environ}}


def _bwrap(run_dir: Path, notebook: Path | None, limits: Limits, cgroup_namespace: bool = True) -> list[str]:
    """bubblewrap's command line up to the program: the binds and namespaces this module describes."""
    return ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc", "--unshare-net",
            "--unshare-uts", *(["--unshare-cgroup-try"] if cgroup_namespace else []), "--hostname", "sandbox",
            "--clearenv", *[arg for name, value in kernel_env().items() for arg in ("--setenv", name, value)],
            # /tmp first: a repository or run folder under /tmp is bound on top of it, not hidden by it.
            "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp",
            *_readonly(), "--proc", "/proc", "--dev", "/dev",
            "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/dev/shm",
            *_parents(run_dir), "--bind", str(run_dir), str(run_dir),
            "--perms", "0755", "--dir", "/home", "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", HOME,
            *(["--ro-bind", str(notebook), f"{HOME}/{notebook.name}"] if notebook else []),
            "--chdir", HOME]


def kernel_command(argv: list[str], run_dir: Path, notebook: Path | None, limits: Limits,
                   uid: int | None = None) -> list[str]:
    """`argv` wrapped in bubblewrap with the binds, namespaces and user described in this module."""
    command = _bwrap(run_dir, notebook, limits)
    if os.geteuid() == 0:
        uid = uid if uid is not None else new_uid()
        for path in (run_dir, *run_dir.iterdir()):
            hand_over(path, uid)
        return [*command, "--", "setpriv", f"--reuid={uid}", f"--regid={uid}",
                "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", *argv]
    return [*command, "--unshare-user", "--disable-userns", "--cap-drop", "ALL", "--", *argv]


class Zygote:
    """One worker's warm start (root only): a sandboxed process that imported torch once and forks each kernel.

    Its folder (`root`, entered by root only) holds the control socket and the zygote's log; `spool`
    holds each submission's scratch folder, which the zygote's sandbox binds where it is. See
    zygote.py for what a forked kernel sees.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        base = next((p for p in ("/var/tmp", "/run") if os.access(p, os.W_OK)), None)
        self.root = Path(tempfile.mkdtemp(prefix="chainrule-zygote-", dir=base))
        self.control, self.spool = self.root / "control" / "zygote.sock", self.root / "spool"
        self.control.parent.mkdir(mode=0o700)
        self.spool.mkdir()
        os.chmod(self.spool, 0o711)  # kernels pass through to their own folder; none can list another's
        command = [*_bwrap(self.spool, None, limits, cgroup_namespace=False),
                   "--bind", str(self.control.parent), str(self.control.parent),
                   "--bind-try", CGROUP_TREE, CGROUP_TREE, "--",
                   sys.executable, "-I", str(ZYGOTE), "serve", str(self.control)]
        with (self.root / "zygote.log").open("wb") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)

    @staticmethod
    def usable() -> bool:
        """Whether kernels can be forked from a zygote here: as root, with bubblewrap."""
        return os.geteuid() == 0 and sys.platform.startswith("linux") and shutil.which("bwrap") is not None

    def __getstate__(self) -> dict:
        """What a grading process forked for one job needs: the paths (the zygote's process stays the batch's)."""
        return {**self.__dict__, "process": None}

    def alive(self) -> bool:
        """True while the zygote's sandbox runs (in a job's process, which does not own it: assumed, and a dead
        zygote's client fails at once, so the job starts its kernel cold)."""
        return self.process is None or self.process.poll() is None

    def command(self, request: dict, run_dir: Path) -> list[str]:
        """The client the kernel manager starts in place of a kernel: it asks this zygote for one (request: what
        `zygote.confine` needs), written into the run folder for the client to read and delete."""
        path = run_dir / "zygote-request.json"
        path.write_text(json.dumps({"home": HOME, "env": kernel_env(), **request}))
        os.chmod(path, 0o600)
        return [sys.executable, "-I", "-S", str(ZYGOTE), "connect", str(self.control), str(path)]

    def stop(self) -> None:
        """End the zygote's sandbox (and any kernel still forked from it) and remove its folder."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
