"""Assignment 2 (build your own autograd): whole `Value` classes, each varying one operation of a student's own.

`PIECES` is a correct engine written the way a student might, differently from the reference; each
variant swaps one piece for another way to write it (correct) or for a misconception, so a
variant's outcome is about that one operation.
"""

from __future__ import annotations

from .corpus import Variant

A = "02_build_your_own_autograd"
OPERATIONS, REUSE, RANDOM = "test_operations", "test_reuse", "test_random_expressions"
TWICE, DEEP = "test_backward_twice", "test_deep_graph"
ALL = (OPERATIONS, REUSE, RANDOM, TWICE, DEEP)

HEAD = '''
class Value:
    """A scalar that remembers how it was computed."""

    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._parents = parents
'''

TAIL = """
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other
"""

PIECES = {
    "add": """
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad

        out._backward = _backward
        return out
""",
    "mul": """
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += out.grad * other.data
            other.grad += out.grad * self.data

        out._backward = _backward
        return out
""",
    "pow": """
    def __pow__(self, k):
        out = Value(self.data**k, (self,))

        def _backward():
            self.grad += out.grad * k * self.data ** (k - 1)

        out._backward = _backward
        return out
""",
    "relu": """
    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,))

        def _backward():
            if self.data > 0:
                self.grad += out.grad

        out._backward = _backward
        return out
""",
    "tanh": """
    def tanh(self):
        out = Value(math.tanh(self.data), (self,))

        def _backward():
            self.grad += out.grad * (1 - out.data**2)

        out._backward = _backward
        return out
""",
    # Kahn's algorithm: a node is processed once every node that uses it has been.
    "backward": """
    def backward(self):
        users, seen, todo = {}, {id(self)}, [self]
        while todo:
            node = todo.pop()
            for p in node._parents:
                users[id(p)] = users.get(id(p), 0) + 1
                if id(p) not in seen:
                    seen.add(id(p))
                    todo.append(p)
        nodes, todo = [], [self]
        while todo:
            node = todo.pop()
            nodes.append(node)
            for p in node._parents:
                users[id(p)] -= 1
                if users[id(p)] == 0:
                    todo.append(p)
        for node in nodes:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in nodes:
            node._backward()
""",
}


def engine(**swap: str) -> str:
    """The class with some pieces swapped."""
    pieces = {**PIECES, **swap}
    unknown = set(swap) - set(PIECES)
    if unknown:
        raise ValueError(f"no piece named {sorted(unknown)}")
    return HEAD + "".join(pieces[name] for name in PIECES) + TAIL


def v(name: str, kind: str, questions: tuple[str, ...], why: str, **swap: str) -> Variant:
    return Variant(A, "value", questions, name, kind, why, engine(**swap))


DFS_ITERATORS = """
    def backward(self):
        order, visited = [], {id(self)}
        stack = [(self, iter(self._parents))]
        while stack:
            node, parents = stack[-1]
            for p in parents:
                if id(p) not in visited:
                    visited.add(id(p))
                    stack.append((p, iter(p._parents)))
                    break
            else:
                stack.pop()
                order.append(node)
        for node in order:
            if node._parents:
                node.grad = 0
        self.grad = 1
        for node in order[::-1]:
            node._backward()
"""

LEVELS = """
    def backward(self):
        # Longest distance from the output, found by relaxing edges in a queue (no recursion):
        # every user of a node is strictly closer to the output, so it runs first.
        from collections import deque

        level, queue = {id(self): 0}, deque([self])
        nodes = {id(self): self}
        while queue:
            node = queue.popleft()
            for p in node._parents:
                if level.get(id(p), -1) < level[id(node)] + 1:
                    level[id(p)] = level[id(node)] + 1
                    nodes[id(p)] = p
                    queue.append(p)
        order = sorted(nodes.values(), key=lambda n: level[id(n)])
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in order:
            node._backward()
"""

REFERENCE_STYLE_SORT = """
    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in visited:
                continue
            visited.add(node)
            stack.append((node, True))
            for p in node._parents:
                stack.append((p, False))
"""

RECURSIVE = """
    def backward(self):
        order, visited = [], set()

        def build(node):
            if id(node) not in visited:
                visited.add(id(node))
                for p in node._parents:
                    build(p)
                order.append(node)

        build(self)
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
"""

VARIANTS = [
    v(
        "kahn_engine",
        "correct",
        ALL,
        "Kahn's algorithm (counting each node's users), relu with an if, tanh from its output",
    ),
    v(
        "dfs_iterators",
        "correct",
        ALL,
        "recursion written with an explicit stack of parent iterators",
        backward=DFS_ITERATORS,
    ),
    v(
        "longest_path",
        "correct",
        ALL,
        "orders nodes by their longest distance from the output, found with a queue",
        backward=LEVELS,
    ),
    v(
        "tanh_from_exp",
        "correct",
        ALL,
        "tanh and its derivative from exp, relu via max and a float mask",
        tanh="""
    def tanh(self):
        e = math.exp(2 * self.data)
        t = (e - 1) / (e + 1)
        out = Value(t, (self,))

        def _backward():
            self.grad += (1 - t) * (1 + t) * out.grad

        out._backward = _backward
        return out
""",
        relu="""
    def relu(self):
        out = Value(max(0.0, self.data), (self,))

        def _backward():
            self.grad += float(self.data > 0) * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "pow_math",
        "correct",
        ALL,
        "math.pow, and mul's rule written as products of partials",
        pow="""
    def __pow__(self, k):
        out = Value(math.pow(self.data, k), (self,))

        def _backward():
            local = k * math.pow(self.data, k - 1)
            self.grad += local * out.grad

        out._backward = _backward
        return out
""",
        mul="""
    def __mul__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        out = Value(self.data * other.data, (self, other))
        d_self, d_other = other.data, self.data

        def _backward():
            self.grad += d_self * out.grad
            other.grad += d_other * out.grad

        out._backward = _backward
        return out
""",
    ),
    # test_operations: one wrong local derivative
    v(
        "relu_one_at_zero",
        "misconception",
        (OPERATIONS,),
        "relu's slope is 1 at 0 (>= 0): PyTorch, and the text, say 0",
        relu="""
    def relu(self):
        out = Value(max(self.data, 0.0), (self,))

        def _backward():
            self.grad += (1.0 if self.data >= 0 else 0.0) * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "relu_mask_inclusive",
        "misconception",
        (OPERATIONS,),
        "the slope computed once as 'not negative', so relu's derivative at 0 is 1",
        relu="""
    def relu(self):
        out = Value(max(0.0, self.data), (self,))
        slope = 0.0 if self.data < 0 else 1.0

        def _backward():
            self.grad += slope * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "tanh_unsquared",
        "misconception",
        (OPERATIONS, RANDOM, TWICE),
        "tanh' = 1 - tanh, the square forgotten",
        tanh="""
    def tanh(self):
        out = Value(math.tanh(self.data), (self,))

        def _backward():
            self.grad += (1 - out.data) * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "pow_no_minus_one",
        "misconception",
        (OPERATIONS, RANDOM),
        "d(x^k)/dx = k x^k: the exponent not lowered",
        pow="""
    def __pow__(self, k):
        out = Value(self.data**k, (self,))

        def _backward():
            self.grad += k * self.data**k * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "mul_without_upstream",
        "misconception",
        (OPERATIONS, REUSE, RANDOM, TWICE),
        "mul adds the local derivative alone, forgetting out.grad (right only when mul is the output)",
        mul="""
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data
            other.grad += self.data

        out._backward = _backward
        return out
""",
    ),
    v(
        "mul_swapped",
        "misconception",
        (OPERATIONS, REUSE, RANDOM, TWICE),
        "d(ab)/da = a: each input gets its own value",
        mul="""
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += self.data * out.grad
            other.grad += other.data * out.grad

        out._backward = _backward
        return out
""",
    ),
    # test_reuse: a node used twice
    v(
        "add_assigns",
        "misconception",
        (REUSE, RANDOM, OPERATIONS, TWICE),
        "= instead of += in add: a node used twice keeps one use",
        add="""
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad = out.grad
            other.grad = out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "mul_assigns",
        "misconception",
        (REUSE, RANDOM, OPERATIONS, TWICE),
        "= instead of += in mul",
        mul="""
    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad

        out._backward = _backward
        return out
""",
    ),
    v(
        "bfs_order",
        "misconception",
        (REUSE, RANDOM, TWICE),
        "no topological order: a breadth-first walk from the output",
        backward="""
    def backward(self):
        from collections import deque

        order, seen, queue = [], {id(self)}, deque([self])
        while queue:
            node = queue.popleft()
            order.append(node)
            for p in node._parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    queue.append(p)
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in order:
            node._backward()
""",
    ),
    v(
        "preorder",
        "misconception",
        (REUSE, RANDOM, TWICE),
        "a depth-first pre-order, each node run as soon as it is first reached",
        backward="""
    def backward(self):
        order, seen, stack = [], set(), [self]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            order.append(node)
            stack.extend(node._parents)
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in order:
            node._backward()
""",
    ),
    v(
        "stack_preorder",
        "misconception",
        (REUSE, RANDOM, TWICE),
        "collects the nodes in the order a stack first meets them (parents pushed right to left) and runs them so",
        backward="""
    def backward(self):
        # every node reachable from the output, in the order a stack first meets them
        order, met, todo = [], set(), [self]
        while todo:
            node = todo.pop()
            if id(node) not in met:
                met.add(id(node))
                order.append(node)
                todo += list(node._parents)[::-1]
        for node in order:
            if node._parents:
                node.grad = 0.0
        self.grad = 1.0
        for node in order:
            node._backward()
""",
    ),
    v(
        "recursive_propagation",
        "misconception",
        (REUSE, RANDOM, TWICE, DEEP),
        "no sort at all: each node passes its gradient on and calls its parents' propagation at once",
        backward="""
    def backward(self):
        self.grad = 1.0

        def propagate(node):
            node._backward()
            for p in node._parents:
                propagate(p)

        propagate(self)
""",
    ),
    # test_backward_twice: what a second call does
    v(
        "never_reset",
        "misconception",
        (TWICE,),
        "micrograd's backward: intermediate gradients never restart from 0",
        backward=REFERENCE_STYLE_SORT
        + """
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
""",
    ),
    v(
        "seed_accumulates",
        "misconception",
        (TWICE,),
        "the seed is added (grad += 1) and nothing is reset",
        backward=REFERENCE_STYLE_SORT
        + """
        self.grad += 1.0
        for node in reversed(order):
            node._backward()
""",
    ),
    v(
        "reset_leaves_too",
        "misconception",
        (TWICE,),
        "zeroes every node, inputs included: a second call does not accumulate",
        backward=REFERENCE_STYLE_SORT
        + """
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
""",
    ),
    # test_deep_graph: recursion
    v(
        "recursive_sort",
        "misconception",
        (DEEP,),
        "micrograd's recursive build_topo: a RecursionError on a deep chain",
        backward=RECURSIVE,
    ),
    v(
        "recursion_limit_raised",
        "misconception",
        (DEEP,),
        "the recursive sort with sys.setrecursionlimit(100_000): runs, but is the recursion the text forbids",
        backward="""
    def backward(self):
        import sys

        sys.setrecursionlimit(100_000)
"""
        + RECURSIVE.split("def backward(self):\n", 1)[1],
    ),
]
