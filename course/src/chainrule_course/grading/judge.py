"""The trusted side: the instructor's test cells, run in the grader's process against the student's kernel.

A test cell is ordinary Python, as readable as an nbgrader `assert` cell. It runs here, never in
the student's kernel, with `remote.StudentNames` as its globals: the names it defines are its own
(kept across the assignment's tests, so a helper such as `compare` serves later tests), and any
other name is the student's object of that name, reached through the channel. What an instructor
writes in a test cell:

- call the student's functions and classes with plain data (numbers, plain tensors, lists and dicts)
  or with the student's own objects; apply operators, read attributes, call methods;
- compare what comes back (always plain data: a number, a tensor, a list) with values computed
  here (torch, `chainrule_helpers.numerics.check_gradients` with the test's own lambdas); a test
  imports the functions it uses itself: of the setup cells, only the modules they import (`torch`,
  `nn`) are bound here, and every other setup name is the student's, in the kernel;
- measure a student's model with `chainrule_helpers.checks` (its functions run where the model
  lives when given one of the student's objects), and wrap calls whose answers must not use
  autograd in `with forbid_autograd():` (the kernel then makes autograd raise `ForbiddenTool`).

Never: pass a lambda or the test's own objects into the student's code (refused), or rely on a
name of the student's namespace to measure with (the student may rebind it).

A test passes when its code finishes; every way it can end otherwise is a failure whose detail
names only the kind of failure (never the test's text, its values or the student's messages).
"""

from __future__ import annotations

import ast
import builtins
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .remote import NotPlainData, Remote, StudentError, StudentNames
from .resources import OutOfTime
from .wire import WireError

__all__ = ["FORBIDDEN", "KernelGone", "connect_checks", "import_setup", "run_test", "shown_error"]

FORBIDDEN = "ForbiddenTool"  # what chainrule_helpers.checks.forbid_autograd raises in the kernel
COURSE_ERRORS = {"GradientMismatch", FORBIDDEN}  # the course's own exceptions, named in its tests and text


class KernelGone(ConnectionError):
    """The kernel ended or stopped answering during a test."""


def shown_error(name: str) -> str:
    """An exception's type name as a student or an instructor may read it: Python's or the course's own, or a
    neutral phrase (a class the student named could carry anything)."""
    builtin = getattr(builtins, name, None)
    known = isinstance(builtin, type) and issubclass(builtin, BaseException)
    return name if known or name in COURSE_ERRORS else "an exception of its own class"


def run_test(source: str, grade_id: str, names: StudentNames) -> tuple[str, str]:
    """Run one test cell; ("passed", "") or ("failed", what kind of failure)."""
    try:
        exec(compile(source, f"<test {grade_id}>", "exec"), names)  # noqa: S102 - the instructor's own test
    except OutOfTime as exc:
        return "failed", f"timed out: {exc}"
    except StudentError as exc:
        if exc.kind == FORBIDDEN:
            return "failed", "used a tool the question forbids (autograd)"
        return "failed", f"the answer raised {shown_error(exc.kind)}"
    except NotPlainData:
        return "failed", "the answer returned an object of its own class where a number, tensor or list was expected"
    except (ConnectionError, WireError):
        raise KernelGone("the kernel stopped answering") from None
    except BaseException as exc:  # noqa: BLE001 - every other way a test ends badly is a failure
        return "failed", shown_error(type(exc).__name__)
    return "passed", ""


def import_setup(names: StudentNames, sources: list[str]) -> None:
    """Bind here the modules the instructor's setup cells import, so `torch` in a test is the grader's own torch.
    What setup cells define or import by name (functions, classes, data) stays the student's, in the kernel: a
    test that calls `deep_sigmoid_mlp()` gets a model that lives where the student's code can use it."""
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
        scratch: dict[str, Any] = {}
        exec(compile(ast.Module(imports, type_ignores=[]), "<setup imports>", "exec"), scratch)  # noqa: S102
        names.update({name: value for name, value in scratch.items() if isinstance(value, types.ModuleType)})


def connect_checks(names: StudentNames) -> Callable[[], None]:
    """Make `chainrule_helpers.checks` reach the kernel (its functions given a student's object run there);
    return what puts the module back as it was."""
    try:
        import chainrule_helpers.checks as checks
    except ImportError:
        return lambda: None
    originals = {name: getattr(checks, name) for name in getattr(checks, "__all__", [])}
    for name, function in originals.items():
        if name == "forbid_autograd":
            setattr(checks, name, _forbidding(names))
        elif callable(function) and not isinstance(function, type):
            setattr(checks, name, _where_it_lives(name, function, names))

    def restore() -> None:
        for name, function in originals.items():
            setattr(checks, name, function)

    return restore


def _forbidding(names: StudentNames) -> Callable[[], Any]:
    """`forbid_autograd()` for a test: the requests sent inside it run with autograd made to raise."""

    @contextmanager
    def forbid_autograd() -> Iterator[None]:
        if names.channel is None:
            yield
            return
        with names.channel.forbidding("autograd"):
            yield

    return forbid_autograd


def _where_it_lives(name: str, function: Callable[..., Any], names: StudentNames) -> Callable[..., Any]:
    """`function` run in the kernel when any argument is one of the student's objects, here otherwise."""

    def measure(*args: Any, **kwargs: Any) -> Any:
        if names.channel is not None and any(isinstance(v, Remote) for v in (*args, *kwargs.values())):
            return names.channel.request("measure", name, args=args, kwargs=kwargs)
        return function(*args, **kwargs)

    measure.__name__ = measure.__qualname__ = name
    measure.__doc__ = function.__doc__
    return measure

