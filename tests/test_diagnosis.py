"""Counterexamples and named misconceptions for failed tests, from the course's own library and solutions."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from chainrule_course.grading import diagnosis
from chainrule_course.grading.course import Assignment
from chainrule_course.grading.misconceptions import backprop, out_of_order
from chainrule_course.repository import find

ASSIGNMENTS = find(Path(__file__).resolve().parent).assignments


def assignment(name: str) -> Assignment:
    source = ASSIGNMENTS / f"{name}.ipynb"
    return Assignment(name, source, source)


def diagnose(name: str, test: str, **student):
    """The diagnosis of one test for a student whose names are `student`."""
    a = assignment(name)
    probes, library = diagnosis.load(a)
    return diagnosis.diagnose(a, test, student.__getitem__, diagnosis.reference_namespace(a), probes, library)


def test_a_forgotten_path_gets_a_counterexample_and_its_name():
    found = diagnose("01_derivatives_by_hand", "test_paths", grad_paths=lambda x: torch.sin(x) + 2 * x)
    assert found.hint.startswith("at x = ") and "your dz/dx is" in found.hint and "expected" in found.hint
    assert found.misconception.id == "a1-forgotten-path"
    assert "section 3" in found.misconception.line()


def test_an_engine_with_relu_slope_one_at_zero_is_shown_at_zero():
    reference = diagnosis.reference_namespace(assignment("02_build_your_own_autograd"))["Value"]

    class Slope1(reference):
        def relu(self):
            out = Slope1(max(self.data, 0.0), (self,))

            def backward():
                self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad

            out._backward = backward
            return out

    found = diagnose("02_build_your_own_autograd", "test_operations", Value=Slope1)
    assert found.hint == "on the output of relu(a) at a = 0, your d(output)/da is 1.0, expected 0.0"
    assert found.misconception.id == "a2-relu-at-zero"


def test_a_correct_answer_gets_no_diagnosis_and_a_test_without_a_probe_none():
    a = assignment("01_derivatives_by_hand")
    reference = diagnosis.reference_namespace(a)
    found = diagnose("01_derivatives_by_hand", "test_paths", grad_paths=reference["grad_paths"])
    assert found == diagnosis.Diagnosis()
    wrong = {"grad_paths": lambda x: torch.cos(x)}
    assert diagnosis.diagnose(a, "test_paths", wrong.__getitem__, reference, [], []) == diagnosis.Diagnosis()


def test_a_malformed_probe_is_refused_naming_it(tmp_path):
    path = tmp_path / "misconceptions.toml"
    path.write_text('[[probe]]\ntests = ["a/t"]\ninputs = [{x = 1.0}]\n')
    with pytest.raises(ValueError, match="probe 1: give tests, inputs and function"):
        diagnosis.load_probes(path)


@pytest.mark.parametrize(("field", "error"), [('driver = "lathe"', "driver 'lathe' is none of engine"),
                                              ('forbid = ["numpy"]', "forbid lists tools other than autograd"),
                                              ('view = "output["', "is not an expression"),
                                              ('dtype = "int8"', "dtype is float32 or float64")])
def test_a_probe_with_an_unknown_driver_tool_view_or_dtype_is_refused(tmp_path, field, error):
    path = tmp_path / "misconceptions.toml"
    path.write_text(f'[[probe]]\ntests = ["a/t"]\nfunction = "f"\ninputs = [{{x = 1.0}}]\n{field}\n')
    with pytest.raises(ValueError, match=error):
        diagnosis.load_probes(path)


def test_an_answer_that_uses_autograd_is_named_by_running_it_with_autograd_forbidden():
    def by_autograd(x):
        x = x.detach().clone().requires_grad_(True)
        (x * torch.sin(x) + x**2).sum().backward()
        return x.grad

    found = diagnose("01_derivatives_by_hand", "test_paths", grad_paths=by_autograd)
    assert found.hint == "" and found.misconception.id == "a1-autograd"
    assert torch.is_grad_enabled() and by_autograd(torch.tensor(1.0)) is not None, "autograd is back afterwards"


def test_a_model_is_built_and_measured_by_the_drivers_and_its_wrong_norms_named():
    def bias_norms(model, X, y):
        model.zero_grad()
        ((model(X) - y) ** 2).mean().backward()
        return [m.bias.grad.norm().item() for m in model.modules() if isinstance(m, torch.nn.Linear)]

    from chainrule_helpers.checks import deep_sigmoid_mlp

    found = diagnose("04_vanishing_gradients_lab", "test_measure", layer_grad_norms=bias_norms,
                     deep_sigmoid_mlp=deep_sigmoid_mlp)
    assert found.hint.startswith("on layer_grad_norms(model, X, y), called once on one model at model = ")
    assert "your weight-gradient norms is [" in found.hint and found.misconception.id == "a4-bias-norms"


def test_an_engine_that_raises_is_named_as_a_whole_in_the_hint():
    class Broken:
        def __init__(self, data):
            raise ValueError("no")

    found = diagnose("02_build_your_own_autograd", "test_reuse", Value=Broken)
    assert found.hint == "on the output of relu(a) at a = 0, your gradients raised ValueError, expected {a: 0.0}"
    assert "{key}" not in found.hint and found.misconception is None


@pytest.mark.parametrize(("engine", "named"), [({"order": "preorder"}, True), ({}, False),
                                                ({"accumulate": False}, False)])
def test_out_of_order_recognises_every_visiting_order_that_is_not_topological(engine, named):
    expression, values = "s = p * q; s * (s + p) + (s + p) * s", {"p": 2.0, "q": 3.0}
    breadth_first = {"p": 60.0, "q": 32.0}  # s runs before both copies of s + p have added to it
    assert out_of_order(backprop(expression, values, **engine), expression, values) is named
    assert out_of_order(breadth_first, expression, values)


def test_a_hint_never_quotes_a_hidden_test():
    found = diagnose("01_derivatives_by_hand", "test_composition", grad_composition=lambda x: 6 * (3 * x + 2))
    assert found.hint and "linspace" not in found.hint and "BEGIN HIDDEN" not in found.hint
