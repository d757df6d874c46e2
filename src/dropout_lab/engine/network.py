"""K independent MLPs of one shape, stored stacked and run in one batched computation.

Why hand-written: at these sizes (2 -> H x L -> 2, batch 32) Python and autograd overhead, not FLOPs,
dominate; stacking K networks as (K, fan_in, fan_out) weights and using `baddbmm`/`bmm` trains a
network and its twin (or a whole rate sweep) for little more than the price of one. All parameters
live in one flat buffer (and all gradients in another) so one fused optimiser kernel updates them.
The maths is the plain MLP with inverted dropout after every hidden activation (never on the output
logits); `to_torch_module` rebuilds any member as an ordinary `nn.Sequential`, and the tests check
forward and backward against PyTorch autograd.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import torch
from torch import Tensor, nn

ACTIVATIONS = ("relu", "tanh", "gelu")


def _activate(name: str, z: Tensor) -> Tensor:
    if name == "relu":
        return torch.relu(z)
    if name == "tanh":
        return torch.tanh(z)
    return nn.functional.gelu(z)


def _activate_(name: str, z: Tensor) -> Tensor:
    """In place where PyTorch allows it (inference only)."""
    if name == "relu":
        return z.relu_()
    if name == "tanh":
        return z.tanh_()
    return nn.functional.gelu(z)


def _activation_backward(name: str, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
    """d loss / d z from d loss / d h, with h = act(z); the same kernels autograd uses."""
    if name == "relu":
        return torch.ops.aten.threshold_backward(grad, h, 0)
    if name == "tanh":
        return torch.ops.aten.tanh_backward(grad, h)
    return torch.ops.aten.gelu_backward(grad, z)


def split_flat(flat: Tensor, shapes: list[tuple[int, ...]]) -> list[Tensor]:
    """Views of consecutive slices of `flat` with the given shapes."""
    views, offset = [], 0
    for shape in shapes:
        n = math.prod(shape)
        views.append(flat[offset : offset + n].view(shape))
        offset += n
    return views


class StackedMLP:
    """K MLPs with `layers` hidden layers of `neurons` units: 2 -> neurons x layers -> 2 logits.

    weights[l]: (K, fan_in, fan_out), biases[l]: (K, 1, fan_out); l = 0..layers (the last is the output).
    Member k is initialised from `seeds[k]` with `nn.Linear`'s default distribution (U(±1/sqrt(fan_in))
    for W and b), so members with equal seeds start from identical weights.
    """

    def __init__(
        self,
        seeds: Sequence[int],
        *,
        layers: int,
        neurons: int,
        activation: str = "relu",
        dtype: torch.dtype = torch.float32,
    ):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
        self.activation = activation
        self.layers = layers
        self.neurons = neurons
        self.n_models = K = len(seeds)
        sizes = [2] + [neurons] * layers + [2]
        shapes: list[tuple[int, ...]] = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            shapes += [(K, fan_in, fan_out), (K, 1, fan_out)]
        self.shapes = shapes
        total = sum(math.prod(s) for s in shapes)
        self.flat = torch.empty(total, dtype=dtype)  # every parameter, in `parameters` order
        self.flat_grad = torch.zeros(total, dtype=dtype)  # their gradients, same layout
        self.parameters = split_flat(self.flat, shapes)
        self.gradients = split_flat(self.flat_grad, shapes)
        self.weights, self.biases = self.parameters[0::2], self.parameters[1::2]
        for k, seed in enumerate(seeds):
            for view, value in zip(self.parameters, self._init_member(seed, sizes), strict=True):
                view[k] = value.to(dtype)

    @staticmethod
    def _init_member(seed: int, sizes: list[int]) -> list[Tensor]:
        gen = torch.Generator().manual_seed(seed)
        params = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
            bound = 1.0 / math.sqrt(fan_in)
            w = (torch.rand(fan_out, fan_in, generator=gen, dtype=torch.float64) * 2 - 1) * bound
            b = (torch.rand(1, fan_out, generator=gen, dtype=torch.float64) * 2 - 1) * bound
            params += [w.t(), b]  # stored (fan_in, fan_out) so that x @ W
        return params

    def forward(
        self,
        X: Tensor,
        multipliers: Sequence[Tensor | None] | None = None,
        weights: list[Tensor] | None = None,
    ) -> tuple[Tensor, list]:
        """Logits (K, B, 2) for inputs X (K, B, 2).

        multipliers[l] (broadcastable to (K, B, neurons)) scales hidden layer l after its activation:
        the inverted-dropout mask (0 or 1/(1-p)) in training, None (identity) in eval mode, or a
        knock-out mask at test time. `weights` optionally replaces `parameters` (e.g. a snapshot
        copy). Returns the cache `backward` needs.
        """
        params = self.parameters if weights is None else weights
        W, b = params[0::2], params[1::2]
        cache: list[tuple[Tensor, Tensor | None, Tensor | None, Tensor | None]] = []
        a = X
        for l in range(self.layers):
            z = torch.baddbmm(b[l], a, W[l])  # (K, B, neurons)
            h = _activate(self.activation, z)
            m = multipliers[l] if multipliers is not None else None
            cache.append((a, z, h, m))
            a = h if m is None else h * m
        logits = torch.baddbmm(b[-1], a, W[-1])  # (K, B, 2)
        cache.append((a, None, None, None))
        return logits, cache

    def logits(
        self,
        X: Tensor,
        multipliers: Sequence[Tensor | None] | None = None,
        weights: list[Tensor] | None = None,
    ) -> Tensor:
        """Logits (K, B, 2) for inputs X (K, B, 2), keeping no activations (inference only)."""
        params = self.parameters if weights is None else weights
        W, b = params[0::2], params[1::2]
        a = X
        for l in range(self.layers):
            a = _activate_(self.activation, torch.baddbmm(b[l], a, W[l]))  # (K, B, neurons)
            m = multipliers[l] if multipliers is not None else None
            if m is not None:
                a = a * m
        return torch.baddbmm(b[-1], a, W[-1])

    def backward(self, cache: list, dlogits: Tensor) -> list[Tensor]:
        """Write d loss / d parameters into `gradients` (views of flat_grad) and return them.

        dlogits: (K, B, 2), the gradient of the summed per-network losses w.r.t. the logits.
        """
        gw, gb = self.gradients[0::2], self.gradients[1::2]
        a_last = cache[-1][0]
        torch.bmm(a_last.transpose(1, 2), dlogits, out=gw[-1])
        torch.sum(dlogits, 1, keepdim=True, out=gb[-1])
        da = torch.bmm(dlogits, self.weights[-1].transpose(1, 2))
        for l in range(self.layers - 1, -1, -1):
            a_in, z, h, m = cache[l]
            dh = da if m is None else da * m
            dz = _activation_backward(self.activation, dh, z, h)
            torch.bmm(a_in.transpose(1, 2), dz, out=gw[l])
            torch.sum(dz, 1, keepdim=True, out=gb[l])
            if l > 0:
                da = torch.bmm(dz, self.weights[l].transpose(1, 2))
        return self.gradients

    def predict_proba(
        self,
        X: Tensor,
        block: int = 1024,
        weights: list[Tensor] | None = None,
        check: Callable[[], None] | None = None,
    ) -> Tensor:
        """Eval-mode class-1 probability, (K, R), for points X (R, 2) shared by all members.

        Evaluated per member in row blocks with `addmm` into reused buffers (faster than batched bmm for
        large grids). `weights` optionally replaces `parameters` (e.g. a snapshot copy); `check` runs
        before every block (it may raise to abandon the work).
        """
        params = self.parameters if weights is None else weights
        W, b = params[0::2], params[1::2]
        R, K = X.shape[0], self.n_models
        out = torch.empty(K, R, dtype=X.dtype)
        buffers = [torch.empty(min(block, R), self.neurons, dtype=X.dtype) for _ in range(2)]
        with torch.no_grad():
            for k in range(K):
                for start in range(0, R, block):
                    if check is not None:
                        check()
                    xb = X[start : start + block]
                    h = xb
                    for l in range(self.layers):
                        buf = buffers[l % 2][: xb.shape[0]]
                        h = _activate_(self.activation, torch.addmm(b[l][k], h, W[l][k], out=buf))
                    logits = torch.addmm(b[-1][k], h, W[-1][k])  # (rows, 2)
                    out[k, start : start + block] = torch.sigmoid(
                        logits[:, 1] - logits[:, 0]
                    )  # = softmax[:, 1]
        return out

    def to_torch_module(self, k: int, dropout: float = 0.0) -> nn.Sequential:
        """Member k as an ordinary PyTorch model: Linear, activation, Dropout(p) per hidden layer."""
        act = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": nn.GELU}[self.activation]
        modules: list[nn.Module] = []
        for l in range(self.layers + 1):
            w = self.weights[l][k]
            linear = nn.Linear(w.shape[0], w.shape[1], dtype=w.dtype)
            with torch.no_grad():
                linear.weight.copy_(w.t())
                linear.bias.copy_(self.biases[l][k, 0])
            modules.append(linear)
            if l < self.layers:
                modules += [act(), nn.Dropout(dropout)]
        return nn.Sequential(*modules)
