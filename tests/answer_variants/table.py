"""Per assignment, how the tests grade the answer-variant corpus, and every survivor (run this file).

Like `make mutation` for code: a misconception that no test cell of its question fails is a
survivor, a correct answer that loses points is a false failure; both are listed. `--measure`
reruns assignment 4's training criterion for every repair in the corpus on five seeds.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from answer_variants import ASSIGNMENTS_CORPUS, verdict  # noqa: E402


def table() -> int:
    """Grade every variant and print the table; the number of survivors and false failures."""
    problems = 0
    print(f"{'assignment':28} {'variants':>8} {'correct full':>13} {'misconceptions caught':>22}")
    for assignment, variants in ASSIGNMENTS_CORPUS.items():
        correct = [v for v in variants if v.kind == "correct"]
        wrong = [v for v in variants if v.kind == "misconception"]
        faults = [(v, verdict(v)) for v in variants]
        faults = [(v, f) for v, f in faults if f]
        full = len(correct) - sum(1 for v, _ in faults if v.kind == "correct")
        caught = len(wrong) - sum(1 for v, _ in faults if v.kind == "misconception")
        print(f"{assignment:28} {len(variants):8} {full:>6} of {len(correct):<5} {caught:>14} of {len(wrong):<5}")
        for v, fault in faults:
            print(f"    {'SURVIVOR' if v.kind == 'misconception' else 'LOSES POINTS'} {v.id}: {fault}")
        problems += len(faults)
    print(f"{problems} survivors or correct answers losing points")
    return problems


def measure() -> None:
    """Assignment 4's criterion: hidden layers counted and training loss, seeds 0 to 4, for every repair."""
    import torch

    from answer_variants.runner import cells
    from chainrule_helpers.checks import hidden_layers, make_data, train

    setup = next(c.source for c in cells("04_vanishing_gradients_lab") if c.grade_id == "setup")
    torch.set_num_threads(1)
    for v in ASSIGNMENTS_CORPUS["04_vanishing_gradients_lab"]:
        if v.cell != "repair":
            continue
        namespace: dict = {}
        exec(setup, namespace)  # noqa: S102 - the notebook's own setup
        exec(v.source, namespace)  # noqa: S102 - the corpus's own answer
        counts, losses = [], []
        for seed in range(5):
            torch.manual_seed(seed)
            X, y = make_data(seed)
            model = namespace["repaired_mlp"]()
            counts.append(
                sum(1 for layer in hidden_layers(model, X) if layer["out_features"] == 32 and layer["influences"])
            )
            losses.append(train(model, X, y) if counts[-1] >= 20 else float("nan"))
        print(f"{v.kind:13} {v.name:20} hidden layers {counts[0]:2}  losses " + " ".join(f"{x:.4f}" for x in losses))


if __name__ == "__main__":
    if "--measure" in sys.argv[1:]:
        measure()
    else:
        sys.exit(1 if table() else 0)
