"""The values the exercises give students to check themselves against, computed and found in the text.

Each exercise ends with a hint or the value to reach. A student working alone trusts it, so every
value stated there is recomputed here, the way the exercise asks, and must appear in the notebook's
Exercises section as written. Change the exercise or the value and this test says which.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from chainrule_course.repository import find

from chainrule_helpers.engine import Value
from chainrule_helpers.plots import slope_at as slope

REPO = find(Path(__file__).resolve().parent)
NOTEBOOKS = REPO.notebooks


def exercises(prefix: str) -> str:
    """The Exercises section of a notebook's .py, as one line of text without comment marks."""
    (path,) = NOTEBOOKS.glob(f"{prefix}_*.py")
    text = path.read_text()
    section = text[text.index("# ## Exercises"):]
    section = section[: section.index("# %%")]
    return " ".join(line.removeprefix("#").strip() for line in section.splitlines())


def assert_says(prefix: str, phrase: str) -> None:
    """The exercises of notebook `prefix` state `phrase` (whitespace as in running text)."""
    text = exercises(prefix)
    assert phrase in text, f"notebook {prefix}'s exercises should say {phrase!r}; they say:\n{text}"


def test_01_composition_answers():
    assert_says("01", f"You should reach {slope(lambda x: (3 * x - 2) ** 2, 1.0):g}")
    wrong, right = 2 * 3.0 * 1, slope(lambda x: (x + 1) ** 2, 3.0)  # f'(x) g'(x) against f'(g(x)) g'(x)
    assert_says("01", f"gives {wrong:g}, not {right:g}")
    assert_says("01", f"that factor is {2 * 1:g}, so the error shows your value at half of autograd's")
    assert_says("01", f"slope {slope(lambda x: torch.exp(torch.sin(x**2)), 1.0):.4f}")


def test_02_saved_tensors_and_the_partials_of_a_sine():
    x, y = torch.tensor(2.0, requires_grad=True), torch.tensor(3.0, requires_grad=True)
    a = x * y
    saved = {name for name in dir(a.grad_fn) if name.startswith("_saved_")}
    assert {"_saved_self", "_saved_other"} <= saved
    assert_says("02", "`_saved_self` and `_saved_other`")
    torch.sin(x + y).backward()
    assert x.grad.item() == pytest.approx(math.cos(5)) and y.grad.item() == pytest.approx(math.cos(5))
    assert_says("02", f"cos 5, about {math.cos(5):.4f}")


def test_03_paths_and_repeated_backward():
    x = torch.tensor(3.0, requires_grad=True)
    z = x * x
    contributions = []
    z.grad_fn.register_hook(lambda grads_in, grads_out: contributions.extend(g.item() for g in grads_in))
    z.backward(retain_graph=True)
    assert contributions == [3.0, 3.0] and sum(contributions) == slope(lambda t: t**2, 3.0)
    assert_says("03", "Two paths, each contributing $x$")
    z.backward(retain_graph=True)
    z.backward()
    assert x.grad.item() == 3 * slope(lambda t: t**2, 3.0)
    assert_says("03", "Three times the gradient")


def test_04_the_extended_sweep_and_the_wrong_order():
    x, y = Value(2.0), Value(3.0)
    a = x * y
    b = a + x
    c = b * y
    loss = a * c
    loss.backward()
    assert_says("04", f"the adjoint of $y$ comes out as {y.grad:g}")
    through_b_alone = 1.0 * 6.0  # adjoint of b (6, from L = ab) times db/dx = 1
    assert_says("04", f"the value {through_b_alone:g}, the contribution through `b` alone, instead of 48")


def test_05_the_size_of_a_4000_jacobian():
    n = 4000
    entries, megabytes = n * n, n * n * torch.finfo(torch.float32).bits // 8 // 10**6
    assert_says("05", f"holds {entries} numbers, {megabytes} MB in float32, and reverse mode needs {n} VJPs")


def test_05_a_column_of_the_hessian_by_reverse_over_reverse():
    x = torch.tensor([1.0, 2.0, 1.0], dtype=torch.float64, requires_grad=True)
    (gradient,) = torch.autograd.grad(x[0] ** 2 * x[1] + x[1] * x[2] ** 3, x, create_graph=True)
    (column,) = torch.autograd.grad(gradient @ torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64), x)
    assert column.tolist() == [2.0, 0.0, 3.0]
    assert_says("05", "You get the middle column of $H$, $(2, 0, 3)$.")


def test_07_tanh_leaky_relu_and_where_the_sigmoid_flattens():
    sigmoid_slope = lambda t: slope(torch.sigmoid, t)  # noqa: E731
    assert slope(torch.tanh, 0.0) == pytest.approx(4 * sigmoid_slope(0.0))
    assert_says("07", f"at 0 that is 4 times {sigmoid_slope(0.0):g}")
    at_zero = slope(lambda t: F.leaky_relu(t, 0.01), 0.0)
    assert_says("07", f"default slope 0.01 it returns {at_zero:g} at 0")
    low, high = 0.0, 20.0
    for _ in range(60):  # bisection on sigma'(x) >= 1e-3, with autograd, as the exercise asks
        middle = (low + high) / 2
        low, high = (middle, high) if sigmoid_slope(middle) >= 1e-3 else (low, middle)
    assert_says("07", f"Near {low:.1f}")


def test_08_absolute_error_shift_and_label_smoothing():
    prediction = torch.tensor([2.0, 4.0, 6.0], requires_grad=True)
    F.l1_loss(prediction, torch.tensor([1.0, 5.0, 2.0])).backward()
    assert prediction.grad.tolist() == pytest.approx([1 / 3, -1 / 3, 1 / 3])
    assert_says("08", "one third, minus one third, one third")
    tie = torch.tensor([1.0], requires_grad=True)
    F.l1_loss(tie, torch.tensor([1.0])).backward()
    assert tie.grad.item() == 0
    assert_says("08", "Where an error is 0, PyTorch returns 0")
    logits = torch.tensor([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]], requires_grad=True)
    targets = torch.tensor([1, 2])
    (plain,) = torch.autograd.grad(F.cross_entropy(logits, targets), logits)
    (shifted,) = torch.autograd.grad(F.cross_entropy(logits + 7.0, targets), logits)
    assert torch.allclose(plain, shifted)
    eps, k = 0.1, 3
    (smoothed,) = torch.autograd.grad(F.cross_entropy(logits, targets, label_smoothing=eps), logits)
    target = (1 - eps) * F.one_hot(targets, k) + eps / k
    assert torch.allclose(smoothed, (logits.softmax(dim=1) - target) / len(targets))
    assert_says("08", "probabilities minus target, with the smoothed target")


def test_10_the_narrow_band_of_stable_weights_and_clipping_by_value():
    assert_says("10", f"From {0.5 ** (1 / 50):.4f} to {2 ** (1 / 50):.4f}: within about 1.4 % of 1")
    torch.manual_seed(0)
    weights = torch.nn.Parameter(torch.randn(50) * torch.logspace(-2, 2, 50))
    (weights**2).sum().backward()
    before = weights.grad.clone()
    torch.nn.utils.clip_grad_value_([weights], 1.0)
    by_value = F.cosine_similarity(before, weights.grad, dim=0).item()
    weights.grad = before.clone()
    torch.nn.utils.clip_grad_norm_([weights], 1.0)
    by_norm = F.cosine_similarity(before, weights.grad, dim=0).item()
    assert by_value < 0.99 and by_norm == pytest.approx(1.0)
    assert_says("10", "the cosine similarity falls below 1, while after `clip_grad_norm_` it is 1")


def test_11_no_grad_in_place_add_and_the_straight_through_estimator():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with torch.no_grad():
        loss = (x**2).sum()
    with pytest.raises(RuntimeError) as error:
        loss.backward()
    expected = "element 0 of tensors does not require grad and does not have a grad_fn"
    assert expected in str(error.value)
    assert_says("11", expected)
    y = x + 1
    y.add_(1)
    y.sum().backward()  # addition saves nothing, so the in-place change spoils nothing
    assert x.grad.tolist() == [1.0, 1.0]
    assert_says("11", "try `y.add_(1)` after an addition")
    w, target = torch.tensor(0.2, requires_grad=True), torch.tensor(3.0)
    losses = []
    for _ in range(60):
        rounded = w + (torch.round(w) - w).detach()  # straight through: round forward, identity backward
        loss = (rounded - target) ** 2
        losses.append(loss.item())
        w.grad = None
        loss.backward()
        with torch.no_grad():
            w -= 0.05 * w.grad
    assert losses[-1] < losses[0] and torch.round(w).item() == target.item()
    assert_says("11", "the rounded weight moves to the integer nearest the target")


def test_13_the_paths_of_a_b_x():
    x, y = Value(2.0), Value(3.0)
    a = x * y
    b = a + x
    loss = a * b * x
    count = {id(x): 1}
    for node in loss.topological_order():
        if node is not x:
            count[id(node)] = sum(count.get(id(p), 0) for p in node._parents)
    loss.backward()
    sum_of_paths = y.data * b.data * x.data + y.data * a.data * x.data + a.data * x.data + a.data * b.data
    assert count[id(loss)] == 4 and x.grad == sum_of_paths
    assert_says("13", "(Four: the three above, now each with an extra factor $x$, and a direct one")


def _saved_and_calls(depth, width, batch, segments=0, dtype=torch.float32):
    """Section 12's measurement: saved activation bytes and Linear calls for a Linear + ReLU stack."""
    from torch import nn
    from torch.autograd.graph import saved_tensors_hooks
    from torch.utils.checkpoint import checkpoint

    model = nn.Sequential(*[m for _ in range(depth) for m in (nn.Linear(width, width), nn.ReLU())]).to(dtype)
    parameters = {p.untyped_storage().data_ptr() for p in model.parameters()}
    storages, calls = {}, []
    for m in model:
        if isinstance(m, nn.Linear):
            m.register_forward_hook(lambda *args: calls.append(1))

    def pack(t):
        if t.untyped_storage().data_ptr() not in parameters:
            storages[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
        return t

    h = torch.randn(batch, width, dtype=dtype)
    with saved_tensors_hooks(pack, lambda t: t):
        if segments:
            size = len(model) // segments
            for i in range(0, len(model), size):
                h = checkpoint(model[i:i + size], h, use_reentrant=False)
        else:
            h = model(h)
        loss = h.sum()
    loss.backward()
    return sum(storages.values()), len(calls)


def test_12_saved_bytes_dtype_and_checkpoint_segments():
    assert _saved_and_calls(3, 128, 16)[0] == 32768
    assert_says("12", "(By $4Bn(d+1)$: 32768 bytes.)")
    assert _saved_and_calls(8, 256, 64, dtype=torch.float64)[0] == 2 * _saved_and_calls(8, 256, 64)[0]
    assert_says("12", "(They double: eight bytes a number, $8Bn(d+1)$.)")
    assert [_saved_and_calls(8, 256, 64, k) for k in (2, 8)] == [(131072, 16), (524288, 16)]
    assert_says("12", "131072 and 524288 bytes at $B = 64$; calls: 16 in all")
