"""The trusted start of every grading kernel: it runs before any student code, inside the sandbox.

Run as a script (`python -I harness.py SETUP`), never imported by the grader, so it needs only the
standard library and ipykernel. In order, before the kernel accepts its first cell, it:

1. reads SETUP (a JSON file the grader wrote into the kernel's run folder) and deletes it: the
   verdict key, the instructor's test cells (hidden parts included), the modules the tests use,
   and the resource limits;
2. sets the limits (memory as RLIMIT_DATA, processes, file size, no core files);
3. imports the modules the tests use and records their state: every module's namespace,
   `sys.modules`, builtins, the import hooks;
4. installs an audit hook (PEP 578: it cannot be removed) that refuses the routes by which code
   reaches into a running interpreter (ctypes, gc's object walks, tracing, new audit hooks,
   `/proc/*/mem`, attribute writes on the test machinery's functions and classes) and, while a
   test runs, frame access and signals;
5. starts ipykernel (built before step 4: its debugger traces while it loads).

A test cell reaches the kernel only as `sys.audit("chainrule.run", grade_id, nonce)`. The hook
then compares the recorded state with the live one (any difference is tampering: reported, then
restored), runs *its own copy* of the test in a copy of the student's namespace, compares again,
and appends one signed line to the verdict file: `pass`, `fail <error type>` or `tamper <what>`.
The grader counts a test as passed only on a correctly signed `pass` for the nonce it sent. The
test's text never passes through the cell, so no hook, history or transformer a student installs
sees it; its errors are reported by type only, and no traceback ever leaves the hook's frame.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import importlib
import json
import os
import re
import resource
import signal
import sys
import types
from collections.abc import Callable

MARKER = "chainrule.run"
# Names IPython itself puts into (and takes out of) builtins around every cell.
VOLATILE_BUILTINS = {"_", "input", "exit", "quit", "get_ipython", "display", "help", "__IPYTHON__", "copyright",
                     "credits", "license", "execfile", "runfile"}
ALWAYS_REFUSED = ("ctypes.", "gc.get_referrers", "gc.get_referents", "gc.get_objects", "sys.settrace",
                  "sys.setprofile", "sys.addaudithook", "sys._current_frames", "cpython.PyInterpreterState_",
                  "sys.monitoring")
REFUSED_DURING_TESTS = ("sys._getframe", "object.__getattr__", "os.kill", "signal.pthread_kill", "os.killpg",
                        "sys._current_exceptions", "function.__new__")
PROC_MEMORY = re.compile(r"^/proc/(self|thread-self|\d+)/(task/\d+/)?(mem|map_files|environ)")
# Error types a student may see by name; anything else is reported as "error".
KNOWN_ERRORS = {"AssertionError", "GradientMismatch", "TypeError", "ValueError", "NameError", "AttributeError",
                "NotImplementedError", "RuntimeError", "IndexError", "KeyError", "ZeroDivisionError",
                "RecursionError", "ImportError", "ModuleNotFoundError", "UnboundLocalError", "OverflowError",
                "KeyboardInterrupt", "MemoryError", "SystemExit", "SyntaxError"}


def first_caller(frame: types.FrameType | None) -> tuple[str, str]:
    """Module and file of the nearest caller outside the standard library (whose tools walk stacks for others)."""
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if name.split(".")[0] not in sys.stdlib_module_names:
            return name, frame.f_code.co_filename
        frame = frame.f_back
    return "", ""


def set_limits(limits: dict) -> None:
    """Memory, processes and file size for this kernel and everything it starts."""
    for name, value in (("RLIMIT_DATA", limits.get("memory")), ("RLIMIT_NPROC", limits.get("processes")),
                        ("RLIMIT_FSIZE", limits.get("file_size")), ("RLIMIT_CORE", 0)):
        if value is not None:
            resource.setrlimit(getattr(resource, name), (value, value))


def is_machinery(obj: object, prefixes: tuple[str, ...]) -> bool:
    """A function or class that belongs to a module the tests rely on."""
    module = getattr(obj, "__module__", None)
    return isinstance(module, str) and (module.split(".")[0] in prefixes or module == "builtins")


class State:
    """What the tests rely on, recorded before student code runs, compared and restored around tests."""

    def __init__(self, prefixes: tuple[str, ...], trusted_dirs: tuple[str, ...]) -> None:
        self.prefixes, self.trusted_dirs = prefixes, trusted_dirs
        self.modules = {name: mod for name, mod in sys.modules.items()
                        if name.split(".")[0] in prefixes and isinstance(mod, types.ModuleType)}
        self.namespaces = {name: dict(vars(mod)) for name, mod in self.modules.items()}
        self.builtins = dict(vars(builtins))
        self.hooks = {"meta_path": list(sys.meta_path), "path_hooks": list(sys.path_hooks)}

    def library_code(self, value: object) -> bool:
        """A Python function defined in the installed libraries, and so is everything it wraps."""
        while value is not None:
            code = getattr(value, "__code__", None)
            if not isinstance(value, types.FunctionType) or not code.co_filename.startswith(self.trusted_dirs):
                return False
            value = getattr(value, "__wrapped__", None)
        return True

    def differences(self, restore: bool) -> list[str]:
        """What changed since recording (and, if asked, put it back)."""
        changed = []
        for name, mod in self.modules.items():
            if sys.modules.get(name) is not mod:
                changed.append(f"sys.modules[{name!r}] replaced")
                if restore:
                    sys.modules[name] = mod
            live, recorded = vars(mod), self.namespaces[name]
            for key, value in recorded.items():
                new = live.get(key, live)
                if new is value or key.startswith("__"):
                    continue
                if not name.startswith("chainrule_helpers") and (key.startswith("_") or self.library_code(new)):
                    recorded[key] = new  # the library's own lazy set-up (torch wraps functions as it loads parts)
                    continue
                changed.append(f"{name}.{key} replaced")
                if restore:
                    live[key] = value
            for key in set(live) - set(recorded):
                new = live[key]
                if key.startswith("__") or (not name.startswith("chainrule_helpers") and key not in self.builtins and (
                        key.startswith("_") or isinstance(new, types.ModuleType) or self.library_code(new))):
                    recorded[key] = new  # a lazily loaded part of the library
                    continue
                changed.append(f"{name}.{key} added")
                if restore:
                    del live[key]
        live = vars(builtins)
        for key, value in self.builtins.items():
            if key not in VOLATILE_BUILTINS and live.get(key, live) is not value:
                changed.append(f"builtins.{key} replaced")
                if restore:
                    live[key] = value
        for name, recorded in self.hooks.items():
            if getattr(sys, name) != recorded:
                changed.append(f"sys.{name} changed")
                if restore:
                    getattr(sys, name)[:] = recorded
        return changed


class Shell:
    """IPython's own ways to intercept cells and errors, recorded once the kernel exists."""

    def __init__(self, shell: object) -> None:
        self.shell = shell
        self.callbacks = {event: list(cbs) for event, cbs in shell.events.callbacks.items()}
        self.transformers = (list(shell.input_transformers_post), list(shell.ast_transformers))
        self.attributes = {name for name in vars(shell)}

    def differences(self, restore: bool) -> list[str]:
        """Exception handlers, event callbacks, transformers and method overrides added by cells."""
        shell, changed = self.shell, []
        if shell.custom_exceptions:
            changed.append("an IPython exception handler (set_custom_exc) was installed")
            if restore:
                shell.set_custom_exc((), None)
        for event, recorded in self.callbacks.items():
            extra = [cb for cb in shell.events.callbacks[event] if cb not in recorded
                     and not str(getattr(cb, "__module__", "")).startswith(("matplotlib", "IPython", "ipykernel"))]
            if extra:
                changed.append(f"an IPython {event} callback was registered")
                if restore:
                    for cb in extra:
                        shell.events.unregister(event, cb)
        if (list(shell.input_transformers_post), list(shell.ast_transformers)) != self.transformers:
            changed.append("IPython input or AST transformers were changed")
            if restore:
                shell.input_transformers_post[:], shell.ast_transformers[:] = self.transformers
        overrides = [name for name in vars(shell) if name not in self.attributes and callable(vars(shell)[name])]
        if overrides:
            changed.append(f"IPython shell methods overridden: {', '.join(sorted(overrides))}")
            if restore:
                for name in overrides:
                    delattr(shell, name)
        return changed


def install(setup: dict) -> Callable[[object], None]:
    """Record the state and install the audit hook; return what records the shell once it exists."""
    key = bytes.fromhex(setup["key"])
    tests: dict[str, str] = setup["tests"]
    # The tests' own imports, and what the test helpers compute with.
    protect = [*setup["protect"], "chainrule_helpers.numerics", "torch", "numpy"]
    prefixes = tuple(sorted({name.split(".")[0] for name in protect}))
    for name in protect:
        importlib.import_module(name)
    trusted_dirs = tuple(dict.fromkeys([sys.prefix, sys.base_prefix, setup["helpers"]]))
    state = State(prefixes, trusted_dirs)
    verdicts = os.open(setup["verdicts"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    now = {"test": None, "busy": False, "refused": [], "shell": None, "runs": set()}
    namespace: dict = {}  # where tests run: a copy of the student's names, refreshed before each test
    defined: dict = {}  # names the tests themselves bound (helpers such as `compare`), kept across tests
    real = {"exec": exec, "compile": compile, "dict": dict, "type": type, "write": os.write, "getframe": sys._getframe,
            "sigmask": signal.pthread_sigmask}

    def emit(grade_id: str, nonce: str, verdict: str) -> None:
        """Append one signed verdict line; nothing else in the kernel can sign."""
        line = f"{grade_id} {nonce} {verdict}"
        mac = hmac.new(key, line.encode(), hashlib.sha256).hexdigest()
        real["write"](verdicts, f"{line} {mac}\n".encode())

    def refuse(event: str, detail: str = "") -> None:
        now["refused"].append(f"{event}{detail}")
        raise RuntimeError(f"the grader does not allow {event} here")

    def run(grade_id: str, nonce: str) -> None:
        """Run the instructor's test `grade_id` in a copy of the student's namespace and sign the verdict."""
        if grade_id not in tests or now["test"] is not None or (grade_id, nonce) in now["runs"]:
            emit(grade_id, nonce, "tamper a test was started out of turn")
            return
        now["runs"].add((grade_id, nonce))
        problems = [*now["refused"], *state.differences(restore=True), *now["shell"].differences(restore=True)]
        now["refused"] = []
        user_ns = now["shell"].shell.user_ns
        namespace.update(user_ns)  # the student's latest answers...
        namespace.update(defined)  # ...under what earlier tests defined, which student cells cannot replace
        namespace["__builtins__"] = builtins
        before = real["dict"](namespace)
        outcome = "pass"
        blocked = real["sigmask"](signal.SIG_BLOCK, set(signal.Signals) - {signal.SIGKILL, signal.SIGSTOP})
        now["test"], now["busy"] = grade_id, False
        try:
            real["exec"](real["compile"](tests[grade_id], f"<test {grade_id}>", "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - every way a test can end badly is a failure
            name = real["type"](exc).__name__
            outcome = f"fail {name if name in KNOWN_ERRORS else 'error'}"
            exc.__traceback__ = None
            del exc
        finally:
            now["busy"] = True
            now["test"] = None
            real["sigmask"](signal.SIG_SETMASK, blocked)
        defined.update({k: v for k, v in namespace.items() if before.get(k, before) is not v})
        user_ns.update(defined)
        problems += [*now["refused"], *state.differences(restore=True), *now["shell"].differences(restore=True)]
        now["refused"] = []
        if problems:
            outcome = "tamper " + "; ".join(dict.fromkeys(problems))
        emit(grade_id, nonce, outcome)
        builtins.__chainrule_outcome__ = outcome

    def hook(event: str, args: tuple) -> None:
        if now["busy"]:
            return
        now["busy"] = True
        try:
            if event == MARKER and len(args) >= 2:
                run(str(args[0]), str(args[1]))
            else:
                check(event, args)
        finally:
            now["busy"] = False

    def check(event: str, args: tuple) -> None:
        """Refuse the events that reach into the interpreter, and student code touching the test machinery."""
        if event.startswith(ALWAYS_REFUSED):
            refuse(event)
        if event == "open" and isinstance(args[0], str) and PROC_MEMORY.match(args[0]):
            refuse(event, f" {args[0]}")
        if now["test"] is not None and event == "compile" and len(args) > 1 and str(args[1]).startswith(trusted_dirs):
            importer = str(real["getframe"](2).f_globals.get("__name__", ""))
            if not importer.startswith(("importlib", "_frozen_importlib")):
                refuse(event, f" of code claiming to be {args[1]}")
        patching = event in ("object.__setattr__", "object.__delattr__") and is_machinery(args[0], prefixes)
        if patching or (now["test"] is not None and event.startswith(REFUSED_DURING_TESTS)):
            caller, filename = first_caller(real["getframe"](2))
            if not filename.startswith(trusted_dirs):  # the libraries may; student code may not
                what = f" {getattr(args[0], '__qualname__', '?')}.{args[1]}" if patching else ""
                refuse(event, f"{what} (from {caller or filename})")

    sys.addaudithook(hook)

    def attach(shell: object) -> None:
        now["shell"] = Shell(shell)

    return attach


def main(path: str) -> None:
    """Read the setup, lock down this interpreter, then start the kernel it describes."""
    with open(path) as f:
        setup = json.load(f)
    os.unlink(path)
    set_limits(setup["limits"])
    os.chdir(setup["cwd"])
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", setup["connection_file"], "--HistoryManager.enabled=False"])
    install(setup)(app.shell)
    app.start()


if __name__ == "__main__":
    main(sys.argv[1])
