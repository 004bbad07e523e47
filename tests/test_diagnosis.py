"""Counterexamples and named misconceptions for failed tests, from the course's own library and solutions."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from chainrule_course.grading import diagnosis
from chainrule_course.grading.course import Assignment
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
    reference = diagnosis.reference_namespace(assignment("01_derivatives_by_hand"))
    found = diagnose("01_derivatives_by_hand", "test_paths", grad_paths=reference["grad_paths"])
    assert found == diagnosis.Diagnosis()
    assert diagnose("04_vanishing_gradients_lab", "test_repair") == diagnosis.Diagnosis()


def test_a_malformed_probe_is_refused_naming_it(tmp_path):
    path = tmp_path / "misconceptions.toml"
    path.write_text('[[probe]]\ntests = ["a/t"]\ninputs = [{x = 1.0}]\n')
    with pytest.raises(ValueError, match="probe 1: give tests, inputs and one of function or engine"):
        diagnosis.load_probes(path)


def test_a_hint_never_quotes_a_hidden_test():
    found = diagnose("01_derivatives_by_hand", "test_composition", grad_composition=lambda x: 6 * (3 * x + 2))
    assert found.hint and "linspace" not in found.hint and "BEGIN HIDDEN" not in found.hint
