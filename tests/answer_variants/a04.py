"""Assignment 4 (the vanishing gradients lab): answers as different students would write them.

The repair's training criterion, measured with `chainrule_helpers.checks.train` (Adam, lr 0.01,
150 full-batch steps, float32, one thread) on `make_data(seed)` with `torch.manual_seed(seed)`
before building the model, seeds 0 to 4 (the loss after the last step; the target's variance is
about 0.65, the pass mark 0.3):

    unfixed deep_sigmoid_mlp()          0.7118 0.6692 0.6804 0.7158 0.6493   fails on every seed
    ReLU + Kaiming (provided structure) 0.0006 0.0010 0.0004 0.0008 0.0054
    tanh + Xavier with tanh's gain      0.0028 0.0000 0.0375 0.0381 0.0004
    ReLU + BatchNorm                    0.0000 0.0094 0.0000 0.0000 0.0000
    sigmoid + Xavier + residual         0.1034 0.0348 0.0964 0.1284 0.0859
    residual + LayerNorm (reference)    0.0008 0.0002 0.0003 0.0001 0.0002

The old pass mark (0.05) failed the honest tanh and residual-sigmoid fixes on some seeds; 300
steps would not help all of them (ReLU + Kaiming rose to 0.18 on seed 0 at 300 steps, Adam being
Adam). The corpus's repairs are measured; other ways to write the same fixes gave 0.0926 (tanh)
and 0.1302 (sigmoid residual) at worst. Two fixes stay out of the corpus because they are not
reliable either way: ReLU with PyTorch's default initialisation (0.51 0.67 0.29 0.03 0.65: only
the activation changed) and tanh with Xavier's default gain of 1 and default biases (0.28 0.67 0.60 0.13 0.006).
`tests/answer_variants/table.py --measure` reruns these numbers for the corpus's repairs.
"""

from __future__ import annotations

from .corpus import Variant

A = "04_vanishing_gradients_lab"
MEASURE = ("test_measure",)
REPAIR = ("test_repair",)


def measure(name: str, kind: str, why: str, source: str) -> Variant:
    return Variant(A, "measure", MEASURE, name, kind, why, source)


def repair(name: str, kind: str, why: str, source: str, questions: tuple[str, ...] = REPAIR) -> Variant:
    return Variant(A, "repair", questions, name, kind, why, source)


VARIANTS = [
    measure(
        "named_parameters",
        "correct",
        "walks named_parameters for the 2-D weights, F.mse_loss, set_to_none",
        """
import torch.nn.functional as F


def layer_grad_norms(model, X, y):
    model.zero_grad(set_to_none=True)
    loss = F.mse_loss(model(X), y)
    loss.backward()
    norms = []
    for name, p in model.named_parameters():
        if name.endswith("weight") and p.ndim == 2:
            norms.append(torch.linalg.vector_norm(p.grad))
    return norms
""",
    ),
    measure(
        "autograd_grad",
        "correct",
        "torch.autograd.grad on the weights: fresh gradients, nothing to reset",
        """
def layer_grad_norms(model, X, y):
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    loss = ((model(X) - y) ** 2).mean()
    grads = torch.autograd.grad(loss, [m.weight for m in linears])
    return [g.norm().item() for g in grads]
""",
    ),
    measure(
        "loop_sqrt",
        "correct",
        "a loop over the Sequential, zeroing each layer, norm as sqrt of a sum of squares",
        """
import math


def layer_grad_norms(model, X, y):
    for p in model.parameters():
        p.grad = None
    diff = model(X) - y
    loss = (diff * diff).sum() / diff.numel()
    loss.backward()
    result = []
    for layer in model.modules():
        if type(layer) is nn.Linear:
            result.append(math.sqrt(float((layer.weight.grad ** 2).sum())))
    return result
""",
    ),
    measure(
        "no_reset",
        "misconception",
        "forgets zero_grad: a second call adds to the first",
        """
def layer_grad_norms(model, X, y):
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
""",
    ),
    measure(
        "bias_norms",
        "misconception",
        "takes the bias gradients, not the weights'",
        """
def layer_grad_norms(model, X, y):
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.bias.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
""",
    ),
    measure(
        "backward_order",
        "misconception",
        "lists the layers in the order backpropagation reaches them, last first",
        """
def layer_grad_norms(model, X, y):
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.grad.norm().item() for m in reversed(list(model.modules())) if isinstance(m, nn.Linear)]
""",
    ),
    measure(
        "weight_norms",
        "misconception",
        "the norm of the weights themselves, not of their gradient",
        """
def layer_grad_norms(model, X, y):
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
""",
    ),
    measure(
        "sum_loss",
        "misconception",
        "the summed squared error, not the mean: every norm 256 times too large",
        """
def layer_grad_norms(model, X, y):
    model.zero_grad()
    ((model(X) - y) ** 2).sum().backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
""",
    ),
    measure(
        "hidden_only",
        "misconception",
        "leaves out the first and last layers",
        """
def layer_grad_norms(model, X, y):
    model.zero_grad()
    ((model(X) - y) ** 2).mean().backward()
    return [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)][1:-1]
""",
    ),
    measure(
        "parameters_no_reset",
        "misconception",
        "F.mse_loss and the 2-D parameters, with no reset of the gradients before backward",
        """
def layer_grad_norms(model, X, y):
    loss = torch.nn.functional.mse_loss(model(X), y)
    loss.backward()
    return [p.grad.norm() for p in model.parameters() if p.dim() == 2]
""",
    ),
    repair(
        "relu_kaiming",
        "correct",
        "the provided structure with ReLU and Kaiming initialisation (section 10's first fix)",
        """
def repaired_mlp(depth=20, width=32):
    layers = [nn.Linear(8, width), nn.ReLU()]
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(width, 1))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model
""",
    ),
    repair(
        "tanh_xavier",
        "correct",
        "tanh with Xavier initialisation at tanh's gain, as a ModuleList walked in forward",
        """
class TanhNet(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        sizes = [8] + [width] * depth
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        self.out = nn.Linear(width, 1)
        for layer in self.hidden:
            nn.init.xavier_normal_(layer.weight, gain=nn.init.calculate_gain("tanh"))
            nn.init.zeros_(layer.bias)

    def forward(self, x):
        for layer in self.hidden:
            x = torch.tanh(layer(x))
        return self.out(x)


def repaired_mlp(depth=20, width=32):
    return TanhNet(depth, width)
""",
    ),
    repair(
        "relu_batchnorm",
        "correct",
        "normalisation: BatchNorm between each layer and its ReLU",
        """
def repaired_mlp(depth=20, width=32):
    layers = []
    n_in = 8
    for _ in range(depth):
        layers += [nn.Linear(n_in, width), nn.BatchNorm1d(width), nn.ReLU()]
        n_in = width
    layers.append(nn.Linear(width, 1))
    return nn.Sequential(*layers)
""",
    ),
    repair(
        "sigmoid_residual",
        "correct",
        "keeps the sigmoid, adds an identity path around each layer, Xavier weights",
        """
class SigmoidBlock(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.linear = nn.Linear(width, width)
        nn.init.xavier_normal_(self.linear.weight)

    def forward(self, h):
        return h + torch.sigmoid(self.linear(h))


def repaired_mlp(depth=20, width=32):
    blocks = [SigmoidBlock(width) for _ in range(depth - 1)]
    return nn.Sequential(nn.Linear(8, width), *blocks, nn.Linear(width, 1))
""",
    ),
    repair(
        "unfixed",
        "misconception",
        "keeps 20 sigmoid layers and default initialisation: the depth is there, the training is not",
        """
def repaired_mlp(depth=20, width=32):
    return deep_sigmoid_mlp(depth, width)
""",
    ),
    repair(
        "nineteen_layers",
        "misconception",
        "ReLU and Kaiming, but counts only the Linear(32, 32) layers: 19 hidden layers",
        """
def repaired_mlp(depth=20, width=32):
    layers = [nn.Linear(8, width), nn.ReLU()]
    for _ in range(depth - 2):
        layers += [nn.Linear(width, width), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(width, 1))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    return model
""",
    ),
    repair(
        "unused_layers",
        "misconception",
        "gaming the count: 20 Linear(32, 32) modules held but never called, a shallow net does the work",
        """
class Shallow(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.spare = nn.ModuleList(nn.Linear(width, width) for _ in range(20))
        self.net = nn.Sequential(nn.Linear(8, width), nn.ReLU(), nn.Linear(width, 1))

    def forward(self, x):
        return self.net(x)


def repaired_mlp(depth=20, width=32):
    return Shallow(width)
""",
    ),
    repair(
        "path_times_zero",
        "misconception",
        "gaming the count: the 20 layers run, but their path is multiplied by 0",
        """
class Gamed(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.deep = deep_sigmoid_mlp(20, width)
        self.shallow = nn.Sequential(nn.Linear(8, width), nn.ReLU(), nn.Linear(width, 1))

    def forward(self, x):
        return self.shallow(x) + 0 * self.deep(x)


def repaired_mlp(depth=20, width=32):
    return Gamed(width)
""",
    ),
    repair(
        "shared_layer",
        "misconception",
        "one Linear(32, 32) applied 20 times: one hidden layer run twenty times",
        """
class Tied(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.inp = nn.Linear(8, width)
        self.layer = nn.Linear(width, width)
        self.out = nn.Linear(width, 1)

    def forward(self, x):
        h = torch.relu(self.inp(x))
        for _ in range(20):
            h = h + 0.1 * torch.relu(self.layer(h))
        return self.out(h)


def repaired_mlp(depth=20, width=32):
    return Tied(width)
""",
    ),
    repair(
        "repeated_module",
        "misconception",
        "ReLU and Kaiming, but one Linear(32, 32) object placed 19 times in the Sequential: two hidden layers",
        """
def repaired_mlp(depth=20, width=32):
    hidden = nn.Linear(width, width)
    nn.init.kaiming_normal_(hidden.weight, nonlinearity="relu")
    layers = [nn.Linear(8, width), nn.ReLU()]
    for _ in range(depth - 1):
        layers += [hidden, nn.ReLU()]
    return nn.Sequential(*layers, nn.Linear(width, 1))
""",
    ),
    repair(
        "narrow_layers",
        "misconception",
        "20 hidden layers, but of width 16",
        """
def repaired_mlp(depth=20, width=32):
    width = 16
    layers = [nn.Linear(8, width), nn.ReLU()]
    for _ in range(depth - 1):
        layers += [nn.Linear(width, width), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(width, 1))
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    return model
""",
    ),
]
