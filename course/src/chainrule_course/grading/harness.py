"""The start of every grading kernel, inside the sandbox: limits, then the kernel, then answering requests.

Run as a script (`python -I harness.py SETUP`), never imported by the grader, so it needs only the
standard library, ipykernel and `wire.py` (read-only beside it). It holds no key, no test and no
expected value: the instructor's tests run in the grader's own process (see `judge.py`), and this
kernel only answers their requests about the student's objects. So nothing here needs defending:
a student who rewrites it can change only what their own code answers, which is answering.

In order, it:
1. reads SETUP (written by the grader into the kernel's run folder) and deletes it;
2. sets the limits the kernel itself can set (processes, file size, CPU seconds, no core files;
   memory as address space when the machine has no cgroup for it);
3. starts ipykernel with one builtin, `__chainrule_serve__()`, which the grader runs as a cell at
   each test: it connects to the grader's socket and answers requests until the test ends.

Requests (one JSON frame each, see `wire.py`) and what they do:
  lookup NAME                 the student's global NAME (plain data, or a reference)
  getattr REF NAME            REF.NAME
  call REF ARGS KWARGS        REF(*ARGS, **KWARGS)
  op NAME ARGS                operator.NAME(*ARGS), e.g. add, mul, neg, getitem
  measure NAME ARGS KWARGS    chainrule_helpers.checks.NAME(*ARGS, **KWARGS), the course's own tool
  end                         the test is over: references are dropped
Every reply is `{"ok": value}` or `{"error": [type name, message]}`. A request may carry
`"forbid": ["autograd"]`: it then runs inside `chainrule_helpers.checks.forbid_autograd()`.
"""

from __future__ import annotations

import builtins
import importlib.util
import json
import operator
import os
import resource
import socket
import sys
from contextlib import nullcontext
from typing import Any

OPERATORS = {"add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "neg", "pos", "abs", "getitem",
             "invert"}


def load_wire() -> Any:
    """The channel's codec, from the file beside this one (this script runs isolated, with no package)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire.py")
    spec = importlib.util.spec_from_file_location("chainrule_wire", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def set_limits(limits: dict) -> None:
    """Heap, processes, file size, CPU seconds and (without a cgroup) address space, for this kernel and its
    children."""
    for name, value in (("RLIMIT_AS", limits.get("address_space")), ("RLIMIT_DATA", limits.get("data")),
                        ("RLIMIT_NPROC", limits.get("processes")),
                        ("RLIMIT_FSIZE", limits.get("file_size")), ("RLIMIT_CPU", limits.get("cpu_seconds")),
                        ("RLIMIT_CORE", 0)):
        if value is not None:
            resource.setrlimit(getattr(resource, name), (value, value))


class Server:
    """Answers one test's requests about the objects of the student's namespace."""

    def __init__(self, wire: Any, namespace: dict, recursion_limit: int) -> None:
        self.wire, self.namespace, self.recursion_limit = wire, namespace, recursion_limit
        self.objects: dict[int, Any] = {}
        self.tools: dict[str, Any] = {}  # chainrule_helpers.checks's public functions, as this test began

    def tool(self, name: str) -> Any:
        """A public function of `chainrule_helpers.checks` (imported at first use: it imports torch)."""
        if not self.tools:
            import chainrule_helpers.checks as checks

            self.tools = {tool: getattr(checks, tool) for tool in checks.__all__}
        if name not in self.tools:
            raise LookupError(f"chainrule_helpers.checks has no public {name!r}")
        return self.tools[name]

    def ref(self, value: Any) -> dict:
        """Keep `value` here and hand out a reference to it."""
        self.objects[id(value)] = value
        return {"$": "ref", "id": id(value), "type": type(value).__name__[:80]}

    def resolve(self, ref: dict) -> Any:
        """The object a reference names."""
        if ref["id"] not in self.objects:
            raise LookupError("a reference to an object this test does not hold")
        return self.objects[ref["id"]]

    def answer(self, request: dict) -> Any:
        """The value a request asks for."""
        args = self.wire.decode(request.get("args", []), self.resolve)
        kwargs = self.wire.decode(request.get("kwargs", {"$": "dict", "items": []}), self.resolve)
        kind, name = request.get("kind"), str(request.get("name", ""))
        target = self.resolve(request["ref"]) if isinstance(request.get("ref"), dict) else None
        with self.forbidding(request.get("forbid", [])):
            if kind == "lookup":
                if name not in self.namespace:
                    raise NameError(f"name {name!r} is not defined")
                return self.namespace[name]
            if kind == "getattr":
                return getattr(target, name)
            if kind == "call":
                return target(*args, **kwargs)
            if kind == "op" and name in OPERATORS:
                return getattr(operator, name)(*args)
            if kind == "measure":
                return self.tool(name)(*args, **kwargs)
        raise ValueError(f"an unknown request {kind!r}")

    def forbidding(self, tools: list) -> Any:
        """The course's guard against the tools a question forbids, or nothing."""
        return self.tool("forbid_autograd")() if "autograd" in tools else nullcontext()

    def serve(self, sock: socket.socket) -> None:
        """Answer requests until the test ends."""
        while True:
            request = self.wire.receive(sock)
            if request.get("kind") == "end":
                return
            sys.setrecursionlimit(self.recursion_limit)  # what an answer cell raised it to does not count
            try:
                reply = {"ok": self.wire.encode(self.answer(request), self.ref)}
            except KeyboardInterrupt:  # the grader stopped a test that ran out of time
                raise
            except BaseException as exc:  # noqa: BLE001 - every other error of student code is an answer
                reply = {"error": [type(exc).__name__[:80], str(exc)[:300]]}
                del exc
            reply["id"] = request.get("id")
            self.wire.send(sock, reply)


def main(path: str) -> None:
    """Read the setup, set the limits, then start the kernel with its serve builtin."""
    with open(path) as f:
        setup = json.load(f)
    os.unlink(path)
    set_limits(setup["limits"])
    os.chdir(setup["cwd"])
    wire = load_wire()
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", setup["connection_file"], "--HistoryManager.enabled=False"])
    namespace = app.shell.user_ns

    def serve() -> None:
        """Answer the grader's requests for one test (run by the grader as a cell)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(setup["socket"])
            Server(wire, namespace, setup["recursion_limit"]).serve(sock)

    builtins.__chainrule_serve__ = serve
    app.start()


if __name__ == "__main__":
    main(sys.argv[1])
