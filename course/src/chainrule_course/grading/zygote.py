"""A warm start for grading kernels: torch and ipykernel imported once per worker, every kernel forked from it.

Starting a kernel cold costs about four CPU seconds, three of them torch's import, which every
notebook needs; that, not the tests, is most of a submission's cost. So each batch worker keeps one
zygote: this script, run as root in a sandbox of its own (`sandbox.zygote_command`: the same
read-only system, environment and helpers as a kernel, no network), never imported by the grader.
It imports what every kernel imports, then waits on a control socket in a folder only root can
enter. For each request it forks a child that, before any student code runs:

1. leaves the zygote's namespaces: new mount, IPC, UTS, network (loopback only) and cgroup namespaces;
2. joins the submission's cgroups (memory, CPU share and CPU count) and unmounts the cgroup tree;
3. mounts fresh size-capped tmpfs on /tmp, /dev/shm and its home, and binds its notebook read-only;
4. writes its output to its run folder's log, closes every other descriptor it inherited and takes
   the kernel's environment;
5. drops to the submission's own user id: no groups, no capabilities (bounding set emptied), no_new_privs;

then runs the harness (`harness.main`), as a cold kernel does. A child so sees what a cold kernel
sees. What differs: it shares the zygote's PID namespace (it sees the zygote, a root process it
cannot signal or trace), so its leftover processes are ended by its cgroup (`Cgroup.remove`), not by
a namespace of its own. The zygote never runs student code and holds nothing of the grader's.

`python -I -S zygote.py connect CONTROL REQUEST` is the client the grader's kernel manager starts in
place of a kernel: it sends REQUEST (a JSON file the grader wrote) and exits with the child's status
when the child ends, so the grader watches and stops it like a kernel process; when the client is
killed, the zygote kills the child.

Usage: zygote.py serve CONTROL_SOCKET | zygote.py connect CONTROL_SOCKET REQUEST_FILE
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET = (0x00020000, 0x02000000, 0x04000000,
                                                                           0x08000000, 0x40000000)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 1
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
CGROUP_TREE = "/sys/fs/cgroup"


def preload() -> object:
    """Import what every kernel imports (torch, the course's helpers, ipykernel), and the harness by path."""
    import importlib.util

    import torch  # noqa: F401 - the point of the zygote
    from ipykernel.kernelapp import IPKernelApp  # noqa: F401

    try:
        import chainrule_helpers.checks  # noqa: F401
        import chainrule_helpers.numerics  # noqa: F401
    except ImportError:
        pass
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness.py")
    spec = importlib.util.spec_from_file_location("chainrule_harness", path)
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    return harness


def _check(result: int, what: str) -> None:
    """Raise with the C library's error if a system call failed."""
    if result != 0:
        raise OSError(ctypes.get_errno(), f"{what}: {os.strerror(ctypes.get_errno())}")


def confine(libc: ctypes.CDLL, request: dict) -> None:
    """Steps 1-5 of the module's docstring, in this process (the child), before the harness runs."""
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET), "unshare")
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "make mounts private")
    for procs in request["cgroups"]:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
    _check(libc.umount2(CGROUP_TREE.encode(), MNT_DETACH), "unmount the cgroup tree")
    _check(libc.unshare(CLONE_NEWCGROUP), "unshare the cgroup namespace")
    _check(libc.sethostname(b"sandbox", 7), "sethostname")
    loopback_up()
    home, size = request["home"], int(request["tmp_size"])
    for place in ("/tmp", "/dev/shm", home):
        fresh_tmpfs(libc, place, size)
    if request.get("notebook"):
        source, name = request["notebook"]
        target = os.path.join(home, name)
        open(target, "w").close()
        _check(libc.mount(source.encode(), target.encode(), None, MS_BIND, None), "bind the notebook")
        _check(libc.mount(None, target.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
               "make the notebook read-only")
    log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)  # what the kernel prints goes to its run folder, watched and capped like a cold kernel's
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.environ.clear()
    os.environ.update(request["env"])
    for capability in range(64):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            break
    uid = int(request["uid"])
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if os.getuid() != uid or os.geteuid() != uid or os.getgroups():
        raise OSError("the kernel did not drop to its own user id")
    os.chdir(home)


def _mounts_below(place: str) -> list[tuple[str, bool]]:
    """The mount points strictly below `place` (a repository bound under /tmp), parents first, and whether each is
    read-only."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            point = fields[4].encode().decode("unicode_escape")
            if point.startswith(place.rstrip("/") + "/"):
                found.append((point, "ro" in fields[5].split(",")))
    return sorted(dict(found).items(), key=lambda item: item[0].count("/"))


def fresh_tmpfs(libc: ctypes.CDLL, place: str, size: int) -> None:
    """A fresh size-capped tmpfs on `place`; what the sandbox bound below it (the environment or the helpers,
    when the repository is under /tmp) is bound again on top, read-only where it was."""
    below = _mounts_below(place)
    keep = "/.chainrule-below"
    if below:
        os.mkdir(keep, 0o700)
        _check(libc.mount(place.encode(), keep.encode(), None, MS_BIND | MS_REC, None), f"keep what is below {place}")
    options = f"size={size},mode=1777".encode()
    _check(libc.mount(b"tmpfs", place.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options), f"tmpfs on {place}")
    for point, readonly in below:
        source = keep + point[len(place.rstrip("/")):]
        if os.path.isdir(source):
            os.makedirs(point, mode=0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(point), mode=0o755, exist_ok=True)
            open(point, "a").close()
        _check(libc.mount(source.encode(), point.encode(), None, MS_BIND, None), f"bind {point} again")
        if readonly:
            _check(libc.mount(None, point.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                              None), f"make {point} read-only again")
    if below:
        _check(libc.umount2(keep.encode(), MNT_DETACH), f"let go of what was below {place}")
        os.rmdir(keep)


def loopback_up() -> None:
    """Bring up `lo` in the new network namespace, as bubblewrap does: loopback only, nothing beyond."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, SIOCGIFFLAGS, struct.pack("16sH14s", b"lo", 0, b"")))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def start_child(libc: ctypes.CDLL, harness: object, request: dict, server: socket.socket,
                clients: dict) -> int:
    """Fork one kernel; in the child, confine it and run the harness (the child never returns)."""
    pid = os.fork()
    if pid:
        return pid
    try:
        for held in [server, *clients.values()]:
            held.detach()  # their descriptors are closed below; the objects must not close a reused number later
        confine(libc, request)
        sys.argv = [harness.__file__, request["setup"]]  # what a cold kernel's command line is
        harness.main(request["setup"])
        code = 0
    except BaseException as exc:  # noqa: BLE001 - whatever stops the child is its exit status, said on stderr
        print(f"zygote child: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        code = 70
    os._exit(code)


def serve(control: str) -> None:
    """Preload, then fork a confined kernel for each request until the sandbox ends."""
    harness = preload()
    libc = ctypes.CDLL(None, use_errno=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(control + ".new")
    os.chmod(control + ".new", 0o600)
    os.rename(control + ".new", control)  # the client connects only once the zygote is ready
    server.listen(8)
    clients: dict[int, socket.socket] = {}  # child pid -> its client's connection
    while True:
        readable, _, _ = select.select([server, *clients.values()], [], [], 0.2)
        if server in readable:
            conn, _ = server.accept()
            try:
                request = json.loads(conn.makefile().readline())
                pid = start_child(libc, harness, request, server, clients)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                clients[pid] = conn
            except (OSError, ValueError, KeyError, TypeError) as exc:
                print(f"zygote: refused a request ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)
                conn.close()
        for pid, conn in list(clients.items()):
            if conn in readable:  # the client never writes again: readable means it is gone
                _kill(pid)
        _reap(clients)


def _kill(pid: int) -> None:
    """SIGKILL a child whose client is gone."""
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass


def _reap(clients: dict) -> None:
    """Collect ended children and tell each one's client its exit status."""
    while clients:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = clients.pop(pid, None)
        if conn is not None:
            try:
                conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
            conn.close()


def connect(control: str, request_file: str) -> int:
    """The client: ask for a kernel, then wait for it to end; its exit status, or 1 if the zygote failed."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)  # the grading process died: so do we, and the kernel
    with open(request_file) as f:
        request = f.read()
    os.unlink(request_file)
    deadline = time.monotonic() + 120
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    while True:
        try:
            sock.connect(control)
            break
        except ConnectionRefusedError:  # the socket is put in place once the zygote is ready: it has ended
            print("zygote: the zygote has ended", file=sys.stderr)
            return 1
        except FileNotFoundError:  # still importing
            if time.monotonic() > deadline:
                print("zygote: no zygote answered in 120 s", file=sys.stderr)
                return 1
            time.sleep(0.05)
    sock.sendall(request.encode().rstrip(b"\n") + b"\n")
    reply = {}
    for line in sock.makefile():
        reply = json.loads(line)
        if "exit" in reply:
            return reply["exit"] if reply["exit"] >= 0 else 128 - reply["exit"]
    print("zygote: the zygote ended before the kernel did", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"] and len(sys.argv) == 3:
        serve(sys.argv[2])
    elif sys.argv[1:2] == ["connect"] and len(sys.argv) == 4:
        sys.exit(connect(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__.rsplit("Usage: ", 1)[1])
