"""Every misconception of the answer-variant corpus is named, with a counterexample, and no correct answer is.

In process, no sandbox: each variant's answer cell runs with the source notebook's other cells, as a
student's kernel holds them (the setup, the solution of every other answer cell, no test cell), and
each test the variant fails in the corpus's fast tier is diagnosed the way grading diagnoses it. A
misconception must get a counterexample and the entry `EXPECTED` names for it; an answer that used a
tool its question forbids (autograd) must get its name only, since its values may well be right and
grading explains the rule it broke. A correct answer must get nothing on any probed test, and no
hint or name may quote a hidden test. (A correct answer is diagnosed on the probed tests that reach
its answer cell: the others run the solution's code.)
"""

from __future__ import annotations

import contextlib
import io
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import torch
from answer_variants import VARIANTS, outcomes, runner
from chainrule_course.grading import diagnosis
from chainrule_course.grading.course import Assignment
from chainrule_course.repository import find

ASSIGNMENTS = find(Path(__file__).resolve().parent).assignments

# Per variant ("NN cell name"), the entry that must name it: one id, or one per failing test ("*": the others).
EXPECTED: dict[str, str | dict[str, str]] = {
    "01 composition no_inner": "a1-missing-chain-factor",
    "01 composition outer_at_x": "a1-outer-at-x",
    "01 composition sign": "a1-inner-sign",
    "01 composition autograd": "a1-autograd",
    "01 composition outer_as_function": "a1-outer-at-x",
    "01 local missing_one": "a1-local-missing-term",
    "01 local swapped": "a1-pair-swapped",
    "01 local no_outer": "a1-missing-outer-factor-local",
    "01 local autograd": "a1-autograd-local",
    "01 paths forgot_path": "a1-forgotten-path",
    "01 paths product_of_derivatives": "a1-product-of-derivatives",
    "01 paths sign": "a1-sine-derivative-sign",
    "01 paths math_scalar": "a1-math-on-a-tensor",
    "01 paths func_grad": "a1-autograd",
    "01 paths product_rule_only": "a1-forgotten-path",
    "01 vector summed": "a1-gradient-summed",
    "01 vector no_inner": "a1-missing-chain-factor-vector",
    "01 vector jacobian_matrix": "a1-jacobian-not-gradient",
    "01 vector sign": "a1-sign",
    "01 vector functional_jacobian": "a1-autograd",
    "02 value relu_one_at_zero": "a2-relu-at-zero",
    "02 value tanh_unsquared": "a2-tanh-unsquared",
    "02 value pow_no_minus_one": "a2-power-not-lowered",
    "02 value mul_without_upstream": "a2-mul-forgets-upstream",
    "02 value mul_swapped": "a2-mul-swapped",
    "02 value add_assigns": "a2-overwrite-add",
    "02 value mul_assigns": "a2-overwrite-mul",
    "02 value bfs_order": "a2-no-topological-order",
    "02 value preorder": "a2-no-topological-order",
    "02 value recursive_propagation": {"test_deep_graph": "a2-recursion-error", "*": "a2-propagates-per-path"},
    "02 value never_reset": "a2-intermediates-not-reset",
    "02 value seed_accumulates": "a2-seed-accumulates",
    "02 value reset_leaves_too": "a2-inputs-reset",
    "02 value recursive_sort": "a2-recursion-error",
    "02 value recursion_limit_raised": "a2-deep-call-stack",
    "02 value relu_mask_inclusive": "a2-relu-at-zero",
    "02 value stack_preorder": "a2-no-topological-order",
    "03 mse divide_by_rows": "a3-mean-over-rows",
    "03 mse loss_by_rows": "a3-mean-over-rows",
    "03 mse missing_two": "a3-missing-two",
    "03 mse sign": "a3-gradient-sign",
    "03 mse missing_mean": "a3-missing-mean",
    "03 mse autograd": {"test_mse": "a3-autograd-mse", "test_network": "a3-autograd-network",
                        "test_sgd": "a3-autograd-sgd"},
    "03 mse mean_over_batch": "a3-mean-over-rows",
    "03 network W_for_WT": "a3-weight-gradient-reshaped",
    "03 network no_relu_mask": "a3-no-relu-mask",
    "03 network mean_bias": "a3-bias-gradient-averaged",
    "03 network mask_from_weights": "a3-wrong-relu-mask",
    "03 network autograd": {"test_network": "a3-autograd-network", "test_sgd": "a3-autograd-sgd"},
    "03 sgd ignores_lr": "a3-ignores-lr",
    "03 sgd only_b2": "a3-parameter-not-updated",
    "03 sgd ascent": "a3-ascent",
    "03 sgd weights_only": "a3-parameter-not-updated",
    "03 sgd autograd": "a3-autograd-sgd",
    "03 sgd weights_by_name": "a3-parameter-not-updated",
    "04 measure no_reset": "a4-no-reset",
    "04 measure bias_norms": "a4-bias-norms",
    "04 measure backward_order": "a4-last-layer-first",
    "04 measure weight_norms": "a4-weight-norms",
    "04 measure sum_loss": "a4-summed-loss",
    "04 measure hidden_only": "a4-layers-left-out",
    "04 measure parameters_no_reset": "a4-no-reset",
    "04 repair unfixed": "a4-still-vanishes",
    "04 repair nineteen_layers": "a4-too-few-layers",
    "04 repair unused_layers": "a4-unused-layers",
    "04 repair path_times_zero": "a4-cut-from-output",
    "04 repair shared_layer": "a4-shared-layer",
    "04 repair narrow_layers": "a4-narrow-layers",
    "04 repair repeated_module": "a4-shared-layer",
    "05 saved_bytes no_input": "a5-input-not-counted",
    "05 saved_bytes counted_twice": "a5-counted-twice",
    "05 saved_bytes pre_activations": "a5-relu-saves-input",
    "05 saved_bytes float64": "a5-eight-bytes",
    "05 saved_bytes with_weights": "a5-weights-counted",
    "05 saved_bytes parameters_counted": "a5-weights-counted",
    "05 frozen trains_both": "a5-first-layer-trained",
    "05 frozen no_reset": "a5-no-reset",
    "05 frozen rebinds": "a5-rebinds-w2",
    "05 frozen sum_loss": "a5-summed-loss",
    "05 frozen optimizer_sum": "a5-summed-loss",
}
# What grading explains by the rule broken (the test's detail), so a counterexample is not required.
FORBIDDEN_TOOL = {"a1-autograd", "a1-autograd-local", "a3-autograd-mse", "a3-autograd-network", "a3-autograd-sgd"}

MISTAKES = [v for v in VARIANTS if v.kind == "misconception"]
CORRECT = [v for v in VARIANTS if v.kind == "correct"]


def key(variant: Any) -> str:
    return f"{variant.assignment[:2]} {variant.cell} {variant.name}"


@cache
def course(name: str) -> tuple[Assignment, list[diagnosis.Probe], list[Any], dict[str, Any]]:
    """The assignment, its probes and library, and the instructor's solution run here."""
    source = ASSIGNMENTS / f"{name}.ipynb"
    assignment = Assignment(name, source, source)
    probes, library = diagnosis.load(assignment)
    return assignment, probes, library, diagnosis.reference_namespace(assignment)


@cache
def hidden_lines(name: str) -> tuple[str, ...]:
    """Every line of the notebook's hidden tests long enough to be recognised if quoted."""
    found = []
    for cell in runner.cells(name):
        if cell.role == "test" and "### BEGIN HIDDEN TESTS" in cell.source:
            hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
            found += [line.strip() for line in hidden.splitlines() if len(line.strip()) >= 16]
    return tuple(found)


def kernel(variant: Any) -> dict[str, Any]:
    """The names a student's kernel holds: every cell but the tests, the variant in its answer cell."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for cell in runner.cells(variant.assignment):
        if cell.role != "test":
            source = variant.source if cell.role == "answer" and cell.grade_id == variant.cell else cell.source
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(source, f"<{variant.id} {cell.grade_id}>", "exec"), namespace)  # noqa: S102
    return namespace


def diagnosed(variant: Any, grade_id: str, namespace: dict[str, Any]) -> diagnosis.Diagnosis:
    """One test's diagnosis, with the process left as it was (a student's answer may raise the recursion limit)."""
    assignment, probes, library, reference = course(variant.assignment)
    limit, threads = sys.getrecursionlimit(), torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return diagnosis.diagnose(assignment, grade_id, namespace.__getitem__, reference, probes, library)
    finally:
        sys.setrecursionlimit(limit)
        torch.set_num_threads(threads)


def leaks(variant: Any, found: diagnosis.Diagnosis) -> list[str]:
    """The hidden tests' lines a diagnosis quotes."""
    text = found.hint + (found.misconception.line() if found.misconception else "")
    return [line for line in hidden_lines(variant.assignment) if line in text] + ["BEGIN HIDDEN"] * (
        "BEGIN HIDDEN" in text)


def test_every_misconception_of_the_corpus_has_its_expected_entry():
    assert {key(v) for v in MISTAKES} == set(EXPECTED), "add the new variant's entry to EXPECTED"


@pytest.mark.parametrize("variant", MISTAKES, ids=[v.id for v in MISTAKES])
def test_a_misconception_gets_a_counterexample_and_its_name(variant):
    failing = [gid for gid, outcome in outcomes(variant).items() if not outcome.passed and gid in variant.questions]
    namespace = kernel(variant)
    expected = EXPECTED[key(variant)]
    assert failing, f"{variant.id} fails none of its questions"
    for gid in failing:
        found = diagnosed(variant, gid, namespace)
        wanted = expected if isinstance(expected, str) else expected.get(gid, expected.get("*"))
        named = found.misconception.id if found.misconception else None
        assert named == wanted, f"{variant.id} on {gid}: named {named}, not {wanted} (hint: {found.hint!r})"
        assert found.misconception.section.startswith("section "), wanted
        if wanted not in FORBIDDEN_TOOL:
            assert ", expected " in found.hint or " raised " in found.hint, f"{variant.id} on {gid}: no counterexample"
        assert not leaks(variant, found), f"{variant.id} on {gid} quotes a hidden test: {leaks(variant, found)}"


@pytest.mark.parametrize("variant", CORRECT, ids=[v.id for v in CORRECT])
def test_a_correct_answer_gets_no_diagnosis_on_any_test(variant):
    namespace = kernel(variant)
    _, probes, _, _ = course(variant.assignment)
    probed = [test.split("/")[1] for probe in probes for test in probe.tests
              if test.startswith(f"{variant.assignment}/")]
    reached = [gid for gid in probed if variant.cell in runner.depends_on(variant.assignment, gid)]
    assert reached, f"{variant.id}: no probed test reaches its cell"
    for gid in reached:
        assert diagnosed(variant, gid, namespace) == diagnosis.Diagnosis(), f"{variant.id} on {gid}"


# Through the channel, as grading reaches a kernel: the harness's serve loop in a thread answers for the
# student's namespace, the course's tools are pointed at it, and every name is a proxy. One variant per
# way of calling (forbidden tool, engine, chain, model measured in the kernel, views, string inputs).
THROUGH_THE_CHANNEL = [
    ("01 paths func_grad", "test_paths"),
    ("01 local swapped", "test_local"),
    ("02 value never_reset", "test_backward_twice"),
    ("02 value recursion_limit_raised", "test_deep_graph"),
    ("02 value recursive_sort", "test_deep_graph"),
    ("03 network W_for_WT", "test_network"),
    ("04 measure no_reset", "test_measure"),
    ("04 repair repeated_module", "test_repair"),
    ("05 frozen rebinds", "test_frozen"),
]


@contextlib.contextmanager
def served(namespace: dict[str, Any]) -> Any:
    """The names of a namespace served over a socket pair, with chainrule_helpers.checks pointed at it."""
    import socket
    import threading

    from chainrule_course.grading import harness, wire
    from chainrule_course.grading.judge import connect_checks
    from chainrule_course.grading.remote import Channel, StudentNames

    ours, theirs = socket.socketpair()
    serving = harness.Server(wire, namespace, 1000)
    serving.tool("forbid_autograd")
    thread = threading.Thread(target=serving.serve, args=(theirs,), daemon=True)
    thread.start()
    names, channel = StudentNames(), Channel(ours, lambda: None)
    names.connect(channel)
    restore = connect_checks(names)
    try:
        yield lambda name: channel.request("lookup", name)
    finally:
        restore()
        channel.end()
        thread.join(10)
        ours.close()
        theirs.close()


@pytest.mark.parametrize(("name", "grade_id"), THROUGH_THE_CHANNEL, ids=[n for n, _ in THROUGH_THE_CHANNEL])
def test_through_the_channel_a_misconception_gets_the_same_diagnosis(name, grade_id):
    (variant,) = [v for v in MISTAKES if key(v) == name]
    here = diagnosed(variant, grade_id, kernel(variant))
    assignment, probes, library, reference = course(variant.assignment)
    limit = sys.getrecursionlimit()
    try:
        with served(kernel(variant)) as student:
            there = diagnosis.diagnose(assignment, grade_id, student, reference, probes, library)
    finally:
        sys.setrecursionlimit(limit)
    assert there.misconception is not None and there.misconception.id == here.misconception.id
    assert there.hint == here.hint
