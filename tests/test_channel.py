"""The channel between trusted tests and a student's namespace, without a kernel: the harness's serve loop
in a thread, the judge here, over a socket pair. Fast, so `make test` runs it.

Each hostile answer below is one of the red team's routes that worked when tests ran in the
student's process (answers that are objects of the student's own classes); here each must earn only
what its answers earn. Routes that patch the interpreter (classes, builtins, helpers) need a process
of their own to patch: tests/test_grading.py grades them in the sandbox.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch
from chainrule_course.grading import harness, wire
from chainrule_course.grading.judge import connect_checks, import_setup, run_test
from chainrule_course.grading.remote import Channel, NotPlainData, StudentNames

A1_SETUP = "import torch\nfrom chainrule_helpers.numerics import check_gradients\n"
TEST_COMPOSITION = """
from chainrule_helpers.numerics import check_gradients

x0 = torch.tensor(1.0)
check_gradients(lambda x: (3 * x - 2) ** 2, x0, analytic=grad_composition(x0))
for point in torch.linspace(-2.0, 3.0, 7):
    check_gradients(lambda x: (3 * x - 2) ** 2, point, analytic=grad_composition(point))
"""
TEST_VALUE = """
a = Value(1.5)
b = a + a
c = b + b
c.backward()
assert a.grad == 4.0
assert abs(c.data - 6.0) < 1e-12
"""
VALUE = """
class Value:
    def __init__(self, data, parents=()):
        self.data, self.grad, self._parents, self._backward = float(data), 0.0, parents, lambda: None
    def __add__(self, other):
        out = Value(self.data + other.data, (self, other))
        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out
    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack += [(node, True)] + [(p, False) for p in node._parents]
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
"""


@contextmanager
def student(code: str) -> Iterator[StudentNames]:
    """A student's namespace after running `code`, served in a thread; yields the test's names."""
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the test's own stand-in for a student cell
    ours, theirs = socket.socketpair()
    serving = harness.Server(wire, namespace, 1000)
    serving.tool("forbid_autograd")  # as in a kernel: the course's own tools, before the test's side connects
    server = threading.Thread(target=serving.serve, args=(theirs,), daemon=True)
    server.start()
    ours.settimeout(0.2)
    names = StudentNames()
    channel = Channel(ours, lambda: None)
    names.connect(channel)
    try:
        yield names
    finally:
        channel.end()
        server.join(5)
        ours.close()
        theirs.close()


def grade(code: str, test: str, setup: str = A1_SETUP) -> tuple[str, str]:
    """(status, detail) of one test against one answer."""
    with student(setup + code) as names:
        import_setup(names, [setup])
        return run_test(test, "test", names)


def test_a_correct_answer_passes_through_the_channel():
    assert grade("def grad_composition(x):\n    return 6 * (3 * x - 2)\n", TEST_COMPOSITION) == ("passed", "")


def test_a_wrong_answer_fails_with_the_kind_of_failure_only():
    assert grade("def grad_composition(x):\n    return 6 * (3 * x + 2)\n", TEST_COMPOSITION) == (
        "failed", "GradientMismatch")


def test_a_student_object_with_operators_and_methods_works_remotely():
    assert grade(VALUE, TEST_VALUE, setup="") == ("passed", "")


@pytest.mark.parametrize(
    ("name", "answer"),
    [
        # A tensor subclass that says yes to every comparison: it stays in the kernel, the test gets a reference.
        ("tensor subclass", "class Yes(torch.Tensor):\n"
                            "    @classmethod\n"
                            "    def __torch_function__(cls, func, types, args=(), kwargs=None):\n"
                            "        return True\n"
                            "def grad_composition(x):\n    return (x * 0).as_subclass(Yes)\n"),
        ("an object of its own", "class Lies:\n    def __eq__(self, other):\n        return True\n"
                                 "def grad_composition(x):\n    return Lies()\n"),
    ],
)
def test_a_hostile_answer_earns_only_what_it_computes(name, answer):
    status, _ = grade(answer, TEST_COMPOSITION)
    assert status == "failed", name


def test_a_float_subclass_is_sent_as_the_number_it_holds():
    answer = VALUE.replace("self.grad = 1.0", "self.grad = Zero(1.0)") + (
        "class Zero(float):\n    def __sub__(self, other):\n        return 0.0\n"
        "    def __eq__(self, other):\n        return True\n")
    broken = answer.replace("other.grad += out.grad", "pass")
    assert grade(broken, TEST_VALUE, setup="")[0] == "failed"
    with student(answer) as names:
        assert type(names["Value"](2.0).data) is float


def test_a_test_cannot_send_its_own_objects_or_compare_student_objects():
    with student(VALUE) as names:
        value = names["Value"](1.0)
        with pytest.raises(TypeError, match="cannot send a function"):
            names["Value"](lambda: None)
        with pytest.raises(NotPlainData):
            bool(value == 1.0)
        assert repr(value) == "<the student's Value object>"


def test_student_names_fall_back_to_builtins_and_report_missing_names():
    status, detail = grade("", "assert len([1, 2]) == 2\nundefined_answer(1)\n", setup="")
    assert (status, detail) == ("failed", "NameError")


def test_an_error_in_the_students_code_is_named_by_kind_only():
    answer = "class Secret(Exception):\n    pass\ndef grad_composition(x):\n    raise Secret('hidden data here')\n"
    assert grade(answer, TEST_COMPOSITION) == ("failed", "the answer raised an exception of its own class")
    answer = "def grad_composition(x):\n    raise ValueError('x was ' + str(x))\n"
    assert grade(answer, TEST_COMPOSITION) == ("failed", "the answer raised ValueError")


def test_forbid_autograd_reaches_the_kernel_and_measures_run_where_the_object_lives():
    test = ("from chainrule_helpers.checks import forbid_autograd\n"
            "with forbid_autograd():\n    g = grad_composition(torch.tensor(1.0))\n"
            "assert float(g) == 6.0\n")
    answer = ("def grad_composition(x):\n    x = x.clone().requires_grad_(True)\n"
              "    ((3 * x - 2) ** 2).backward()\n    return x.grad\n")
    with student(A1_SETUP + answer) as names:
        import_setup(names, [A1_SETUP])
        restore = connect_checks(names)
        try:
            assert run_test(test, "t", names) == ("failed", "used a tool the question forbids (autograd)")
            assert run_test(test.replace("with forbid_autograd():", "if True:"), "t", names) == ("passed", "")
        finally:
            restore()


@pytest.mark.parametrize(
    "message",
    [
        {"$": "tensor", "dtype": "float64", "shape": [3], "data": "AAAA"},  # too few bytes for the shape
        {"$": "tensor", "dtype": "object", "shape": [1], "data": ""},
        {"$": "pickle", "data": "gASV"},
        {"$": "dict", "items": [[["a"], 1]]},
        "x" * (wire.MAX_TEXT + 1),
    ],
)
def test_the_trusted_side_refuses_anything_but_plain_data(message):
    with pytest.raises(wire.WireError):
        wire.decode(message, lambda ref: None)


def test_nesting_beyond_the_limit_is_refused_on_both_sides():
    deep: list = []
    for _ in range(wire.MAX_DEPTH + 2):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.encode(deep, lambda v: {})
    with pytest.raises(wire.WireError):
        wire.decode(deep, lambda ref: None)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.bfloat16, torch.int64, torch.bool])
def test_tensors_cross_exactly_as_plain_tensors(dtype):
    tensor = (torch.randn(3, 4) * 10).to(dtype)
    back = wire.decode(wire.encode(torch.nn.Parameter(tensor, requires_grad=False) if dtype.is_floating_point
                                   else tensor, lambda v: {}), lambda ref: None)
    assert type(back) is torch.Tensor and back.dtype == dtype and torch.equal(back, tensor)


def test_the_harness_runs_alone_with_only_the_standard_library_and_its_codec():
    text = Path(harness.__file__).read_text()
    assert "from ." not in text and "chainrule_course" not in text
