"""What one submission may use, enforced by the kernel (Linux), and the CPU-time meter its time limits use.

Guards against a submission that exhausts the machine or slows its neighbours. Per submission:

- **memory**: the heap as `RLIMIT_DATA` (an allocation past it is an ordinary `MemoryError` the student
  sees), and everything, page cache, tmpfs and shared memory included, with headroom for those, as a
  cgroup's `memory.max` (cgroup v2, where the
  machine delegates it) or `memory.limit_in_bytes` with `memory.memsw.limit_in_bytes` (cgroup v1,
  writable by root in most containers); where neither can be made, `RLIMIT_AS` (address space: it
  cannot count shared memory and must leave room for torch's mappings, so it is the weaker wall);
- **CPU share**: the cgroup's quota of one CPU (`cpu.max` / `cpu.cfs_quota_us`), so a submission
  that starts eighty busy processes still uses one core and its neighbour's tests run as fast as alone;
- **CPU time**: every time limit that decides a score is counted in CPU seconds of the submission's
  processes (the cgroup's own count, or the kernel's process tree from /proc), never in wall-clock
  seconds, so a loaded machine gives the same scores as an idle one; a wall-clock cap several times
  larger stops a submission that only sleeps;
- processes, file size and CPU seconds per process as rlimits, set by the harness.

`Cgroup.create` says which of these was in force (`describe()`); batch prints it once per run.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cgroup", "Limits", "Meter", "OutOfTime", "enforcement", "process_tree_seconds"]

V1 = Path("/sys/fs/cgroup")
TORCH_ADDRESS_SPACE = 6 << 30  # torch (CUDA build) maps about 3.3 GB at import; RLIMIT_AS must leave room


@dataclass(frozen=True)
class Limits:
    """What one submission's kernel may use."""

    memory: int = 2 << 30  # bytes of heap a kernel may allocate (RLIMIT_DATA: an ordinary MemoryError past it)
    headroom: int = 1 << 30  # more bytes the cgroup allows for page cache, tmpfs and shared memory
    processes: int = 96  # processes and threads of the sandbox's own user id
    file_size: int = 64 << 20  # bytes in any one file it writes
    tmp_size: int = 256 << 20  # bytes in its private /tmp and in its home, each a tmpfs
    output: int = 2 << 20  # bytes of output the grader keeps per cell; the rest is dropped and reported
    cpu_total: int = 600  # CPU seconds for the whole submission (all its cells and tests)
    wall_total: int = 1800  # wall-clock seconds for the whole submission, a cap for one that only waits

    def for_harness(self, cgroup: Cgroup | None) -> dict[str, int]:
        """The limits the harness sets inside the kernel (address space only when no cgroup counts memory)."""
        limits = {"processes": self.processes, "file_size": self.file_size, "cpu_seconds": self.cpu_total,
                  "data": self.memory}
        if cgroup is None or not cgroup.memory:
            limits["address_space"] = self.memory + TORCH_ADDRESS_SPACE
        return limits


class OutOfTime(Exception):
    """A cell or a test used more CPU seconds (or wall-clock seconds) than it may."""

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(f"ran out of time ({seconds:.0f} {what} seconds)")
        self.what, self.seconds = what, seconds


class Cgroup:
    """One submission's cgroup: its memory limit, its one-CPU quota and its CPU-time count."""

    def __init__(self, dirs: dict[str, Path], version: int) -> None:
        self.dirs, self.version = dirs, version
        self.memory = "memory" in dirs

    @classmethod
    def create(cls, limits: Limits) -> Cgroup | None:
        """A fresh cgroup with the limits set, v2 where delegated, else v1; None where neither can be made."""
        name = f"chainrule-{os.getpid()}-{secrets.token_hex(4)}"
        for make in (_v2, _v1):
            dirs = make(name, limits)
            if dirs:
                return cls(dirs, 2 if make is _v2 else 1)
        return None

    def describe(self) -> str:
        """Which limits this cgroup enforces, for the run's log and the README's promise."""
        what = [part for part, key in (("memory", "memory"), ("one-CPU quota", "cpu")) if key in self.dirs]
        return f"cgroup v{self.version} ({', '.join(what)})"

    def procs(self) -> list[str]:
        """The files a process writes its pid into to join this cgroup (one per hierarchy)."""
        return [str(d / "cgroup.procs") for d in dict.fromkeys(self.dirs.values())]

    def enter(self, argv: list[str]) -> list[str]:
        """`argv` started inside this cgroup: a shell moves itself in, then becomes the command."""
        procs = self.procs()
        script = 'while [ "$1" != "--" ]; do echo $$ > "$1" || exit 97; shift; done; shift; exec "$@"'
        return ["sh", "-c", script, "enter-cgroup", *procs, "--", *argv]

    def cpu_seconds(self) -> float:
        """CPU seconds used by every process that ever ran in the cgroup."""
        if self.version == 2:
            for line in _read(self.dirs["cpu"] / "cpu.stat").splitlines():
                if line.startswith("usage_usec "):
                    return int(line.split()[1]) / 1e6
            return 0.0
        text = _read(self.dirs["cpuacct"] / "cpuacct.usage").strip() if "cpuacct" in self.dirs else ""
        return int(text) / 1e9 if text.isdigit() else 0.0

    def out_of_memory(self) -> bool:
        """True if the kernel killed a process of this cgroup for memory."""
        if "memory" not in self.dirs:
            return False
        events = _read(self.dirs["memory"] / ("memory.events" if self.version == 2 else "memory.oom_control"))
        return any(line.split()[:1] == ["oom_kill"] and line.split()[1:] != ["0"] for line in events.splitlines())

    def remove(self) -> None:
        """Remove the cgroup once its processes are gone (waits a little for the last ones to die)."""
        for directory in dict.fromkeys(self.dirs.values()):
            for _ in range(50):
                try:
                    directory.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    _kill_all(directory)
                    time.sleep(0.1)


def enforcement(limits: Limits) -> str:
    """Which mechanism will enforce memory and the CPU share on this machine, said in one line."""
    cgroup = Cgroup.create(limits)
    if cgroup is None:
        return "limits: no cgroup could be made here: memory by RLIMIT_AS, no CPU share (scores stay right)"
    try:
        return f"limits: memory and CPU share per submission by {cgroup.describe()}"
    finally:
        cgroup.remove()


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _kill_all(directory: Path) -> None:
    """SIGKILL every process still in a cgroup directory."""
    for pid in _read(directory / "cgroup.procs").split():
        try:
            os.kill(int(pid), 9)
        except (ProcessLookupError, PermissionError, ValueError):
            pass


def _v2(name: str, limits: Limits) -> dict[str, Path]:
    """A v2 cgroup below this process's own, if the machine delegates memory and cpu to it."""
    controllers = V1 / "cgroup.controllers"
    if not controllers.exists():
        return {}
    own = next((line.split("::", 1)[1] for line in _read(Path("/proc/self/cgroup")).splitlines()
                if line.startswith("0::")), None)
    if own is None:
        return {}
    parent = V1 / own.strip().lstrip("/")
    try:
        available = (parent / "cgroup.subtree_control").read_text().split()
        if not {"memory", "cpu"} <= set(available):
            return {}
        path = parent / name
        path.mkdir()
        (path / "memory.max").write_text(str(limits.memory + limits.headroom))
        (path / "memory.swap.max").write_text("0")
        (path / "cpu.max").write_text("100000 100000")
        return {"memory": path, "cpu": path}
    except OSError:
        return {}


def _v1(name: str, limits: Limits) -> dict[str, Path]:
    """v1 cgroups in the memory, cpu and cpuacct hierarchies (root, in most containers), as far as each can be made."""
    dirs: dict[str, Path] = {}
    total = limits.memory + limits.headroom
    settings = {"memory": [("memory.limit_in_bytes", total), ("memory.memsw.limit_in_bytes", total)],
                "cpu": [("cpu.cfs_period_us", 100000), ("cpu.cfs_quota_us", 100000)], "cpuacct": []}
    for controller, values in settings.items():
        hierarchy = next((V1 / d for d in (controller, "cpu,cpuacct", "cpuacct,cpu") if (V1 / d / "tasks").exists()
                          and controller in d), None)
        if hierarchy is None:
            continue
        path = hierarchy / name
        try:
            path.mkdir(exist_ok=True)
            for file, value in values:
                if (path / file).exists():
                    (path / file).write_text(str(value))
            dirs[controller] = path
        except OSError:
            continue
    if "memory" not in dirs or "cpuacct" not in dirs:
        for path in dict.fromkeys(dirs.values()):
            try:
                path.rmdir()
            except OSError:
                pass
        return {}
    return dirs


def process_tree_seconds(root: int) -> float:
    """CPU seconds of a process and all its descendants, from /proc (where no cgroup counts them)."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        times[pid] = sum(int(f) for f in fields[11:15]) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


class Meter:
    """Checks one cell's or test's use of CPU seconds (and a wall-clock cap) while the grader waits for it."""

    def __init__(self, cpu: Callable[[], float], cpu_limit: float, wall_limit: float) -> None:
        self.cpu, self.cpu_limit, self.wall_limit = cpu, cpu_limit, wall_limit
        self.cpu_start, self.wall_start = cpu(), time.monotonic()

    def used(self) -> tuple[float, float]:
        """(CPU seconds, wall-clock seconds) since the start."""
        return self.cpu() - self.cpu_start, time.monotonic() - self.wall_start

    def check(self) -> None:
        """Raise OutOfTime once either limit is passed."""
        cpu, wall = self.used()
        if cpu > self.cpu_limit:
            raise OutOfTime("CPU", self.cpu_limit)
        if wall > self.wall_limit:
            raise OutOfTime("wall-clock", self.wall_limit)
