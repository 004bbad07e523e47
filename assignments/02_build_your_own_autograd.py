# %% [markdown]
# # Assignment 2: build your own autograd
#
# Section 4 of the chapter. Complete the scalar `Value` class below so that it records how each
# value was computed and can backpropagate through it, the way `chainrule_helpers.engine` (and
# micrograd) do. Each operation returns a new `Value` and sets `out._backward`, a function that
# adds `out.grad` times the local derivative into the inputs' `.grad`.
#
# What each piece must do, as the tests check it:
#
# - `data` holds a Python float and `grad` a Python float; `__pow__` takes a constant number `k`
#   (an int or a float, also negative).
# - `relu` has derivative 1 where its input is positive and **0 where its input is 0 or negative**,
#   as in PyTorch (section 7): at 0 exactly, the gradient is 0.
# - `backward()` visits the nodes in reverse topological order (every node after all the nodes that
#   use it), and must work when a node is used more than once (`b = a + a`).
# - `backward()` starts the gradients of the intermediate nodes (every `Value` made by an operation,
#   the output included) from 0, then sets the output's `grad` to 1 and runs the rules. The inputs
#   (the `Value`s you create directly) keep what they had and accumulate, as in PyTorch: calling
#   `backward()` twice on the same output doubles the inputs' gradients and leaves the intermediate
#   nodes' gradients as they were after the first call.
# - Graphs can be far deeper than Python's recursion limit: write the topological sort **without
#   recursion** (a loop with an explicit stack). The tests build a chain of 5000 nodes and measure
#   how deep Python's call stack grows while `backward()` runs: it must stay below 100 calls, so
#   raising `sys.setrecursionlimit` does not replace an iterative sort.
#
# The tests compare your engine with PyTorch on many expressions.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import torch


# %% nbgrader={"grade": false, "grade_id": "value", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Value:
    """A scalar that remembers how it was computed."""

    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._parents = parents

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        ### BEGIN SOLUTION
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        ### BEGIN SOLUTION
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def __pow__(self, k):
        """self ** k for a constant number k."""
        ### BEGIN SOLUTION
        out = Value(self.data**k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def relu(self):
        ### BEGIN SOLUTION
        out = Value(max(self.data, 0.0), (self,))

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def tanh(self):
        ### BEGIN SOLUTION
        t = math.tanh(self.data)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t * t) * out.grad

        out._backward = _backward
        return out
        ### END SOLUTION

    def backward(self):
        """Zero the intermediate nodes' grad, set self.grad = 1, run every _backward outputs first, without recursion."""
        ### BEGIN SOLUTION
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in visited:
                visited.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        ### END SOLUTION

    # Given: the remaining operators, built from the ones above.
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other


# %% [markdown]
# ## Tests
#
# Each test cell rebuilds the same expression in PyTorch (float64) and compares values and
# gradients. Read the visible tests to see what is expected.

# %% nbgrader={"grade": true, "grade_id": "test_operations", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
import torch


def compare(build, *inputs):
    """Build the same expression with Value and with torch; assert values and gradients agree."""
    vs = [Value(x) for x in inputs]
    out = build(*vs)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    t_out = build(*ts)
    t_out.backward()
    assert abs(out.data - t_out.item()) < 1e-9, f"value {out.data} != torch {t_out.item()}"
    for v, t in zip(vs, ts):
        expected = 0.0 if t.grad is None else t.grad.item()
        assert abs(v.grad - expected) < 1e-9, f"gradient {v.grad} != torch {expected}"


compare(lambda a, b: a + b, 2.0, -3.0)
compare(lambda a, b: a * b, 2.0, -3.0)
compare(lambda a: a**3, 1.5)
compare(lambda a: a.relu(), -1.0)
# At 0 the derivative is 0, as in PyTorch.
compare(lambda a: a.relu(), 0.0)
compare(lambda a: a.tanh(), 0.5)
### BEGIN HIDDEN TESTS
compare(lambda a, b: (a * b + b**2) * a, 1.3, -0.7)
compare(lambda a: (a.tanh() * 2 + 1).relu(), -0.2)
compare(lambda a: a**-1.5, 2.0)
compare(lambda a: a.relu() * 3, 0.0)
compare(lambda a, b: (a - b).relu() + (b - a).relu(), 0.25, 0.25)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_reuse", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
a = Value(1.5)
b = a + a
c = b + b
c.backward()
assert a.grad == 4.0, f"dc/da should be 4 (a is used four times), got {a.grad}"
### BEGIN HIDDEN TESTS
x = Value(3.0)
z = x * x + x
z.backward()
assert x.grad == 7.0, f"dz/dx of x*x + x at 3 should be 7, got {x.grad}"
p, q = Value(2.0), Value(3.0)
s = p * q
out = s * (s + p)
out.backward()
assert (p.grad, q.grad) == (48.0, 28.0), f"expected (48, 28), got {(p.grad, q.grad)}"
p, q = Value(2.0), Value(3.0)
s = p * q
out = (s + p) * s
out.backward()
assert (p.grad, q.grad) == (48.0, 28.0), f"the same expression with the factors swapped: expected (48, 28), got {(p.grad, q.grad)}"
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_random_expressions", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
import random

import torch


def random_expression(rng, n_inputs=3, steps=12):
    """A random expression over n inputs that reuses earlier values, as a list of operations."""
    ops = []
    for i in range(steps):
        kind = rng.choice(["add", "mul", "tanh", "relu", "pow"])
        args = (rng.randrange(n_inputs + i), rng.randrange(n_inputs + i))
        ops.append((kind, args))
    return ops


def evaluate(ops, inputs):
    """Run the operations on Values or on torch tensors alike."""
    values = list(inputs)
    for kind, (i, j) in ops:
        a, b = values[i], values[j]
        if kind == "add":
            values.append(a + b)
        elif kind == "mul":
            values.append(a * b)
        elif kind == "pow":
            values.append(a**2)
        else:
            values.append(getattr(a, kind)())
    return values[-1] + values[0] * 0.5


rng = random.Random(0)
for _ in range(3):
    ops = random_expression(rng)
    xs = [rng.uniform(-1, 1) for _ in range(3)]
    compare(lambda *vs, ops=ops: evaluate(ops, vs), *xs)
### BEGIN HIDDEN TESTS
rng = random.Random(12345)
for _ in range(40):
    ops = random_expression(rng, steps=rng.randrange(5, 30))
    xs = [rng.uniform(-1.5, 1.5) for _ in range(3)]
    compare(lambda *vs, ops=ops: evaluate(ops, vs), *xs)
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_backward_twice", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
x, y = Value(2.0), Value(3.0)
s = x * y
out = s * (s + x)
out.backward()
assert (x.grad, y.grad, s.grad) == (48.0, 28.0, 14.0), f"after one backward(): expected (48, 28, 14), got {(x.grad, y.grad, s.grad)}"
out.backward()
assert (x.grad, y.grad) == (96.0, 56.0), "a second backward() must add the same gradients again to the inputs (they accumulate)"
assert s.grad == 14.0, "a second backward() must restart the intermediate nodes from 0 (s.grad should stay 14)"
### BEGIN HIDDEN TESTS
a = Value(-0.5)
h = (a * a).tanh() + a
h.backward()
first = a.grad
for _ in range(2):
    h.backward()
assert abs(a.grad - 3 * first) < 1e-12, "three backward() calls must give the inputs three times the gradient of one"
### END HIDDEN TESTS

# %% nbgrader={"grade": true, "grade_id": "test_deep_graph", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
from chainrule_helpers.checks import stack_depth

x = Value(0.5)
y = x
for _ in range(5000):
    y = y + 1.0
depth = stack_depth(y.backward)
assert x.grad == 1.0, "a chain of 5000 nodes must backpropagate"
assert depth < 100, f"backward() grew the call stack {depth} calls deep on a chain of 5000 nodes: sort without recursion"
