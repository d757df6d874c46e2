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

from .activations import ACTIVATIONS, activate, activate_inplace, activation_backward


def _class_major(bias: Tensor, w_t: Tensor, a: Tensor) -> Tensor:
    """The output layer as (K, C, B) = bias^T + w_t @ a^T, for bias (K, 1, C), w_t (K, C, n), a (K, B, n).

    With C = 2 (or 1) output columns, `a @ W` is a pathological GEMM shape (N = 2): the transposed
    product is 4-5x faster for the same FLOPs (measured at K = 50, B = 32, n = 64 and K = 2, n = 128).
    """
    return torch.baddbmm(bias.transpose(1, 2), w_t, a.transpose(1, 2))


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
        self.weights_t = [w.transpose(1, 2) for w in self.weights]  # views, made once (backward)
        for k, seed in enumerate(seeds):
            for view, value in zip(self.parameters, self._init_member(seed, sizes), strict=True):
                view[k] = value.to(dtype)

    def members(self, lo: int, hi: int) -> StackedMLP:
        """Members lo..hi-1 as a StackedMLP whose parameters and gradients are views of this one's.

        Training the view trains those members in place. Its `flat`/`flat_grad` stay the whole
        stack's buffers: step a view's `parameters`/`gradients` lists, not `flat`.
        """
        view = object.__new__(StackedMLP)
        view.__dict__.update(self.__dict__)
        view.n_models = hi - lo
        view.shapes = [(hi - lo, *shape[1:]) for shape in self.shapes]
        view.parameters = [p[lo:hi] for p in self.parameters]
        view.gradients = [g[lo:hi] for g in self.gradients]
        view.weights, view.biases = view.parameters[0::2], view.parameters[1::2]
        view.weights_t = [w.transpose(1, 2) for w in view.weights]
        return view

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
        relu = self.activation == "relu"
        cache: list[tuple[Tensor, Tensor | None, Tensor | None, Tensor | None]] = []
        a = X
        for l in range(self.layers):
            z = torch.baddbmm(b[l], a, W[l])  # (K, B, neurons)
            m = multipliers[l] if multipliers is not None else None
            if relu:  # relu(z) * m = relu(z * m) for m >= 0: in place, and backward needs only the output
                h = (z if m is None else z.mul_(m)).relu_()
                cache.append((a, None, h, m))
                a = h
                continue
            h = activate(self.activation, z)
            cache.append((a, z, h, m))
            a = h if m is None else h * m
        # (K, B, 2). Training keeps this product's (slow, N = 2) kernel on purpose: the class-major
        # form is faster but rounds differently, and float32 training amplifies any rounding change
        # into different trajectories (PERFORMANCE.md) -- the presets' claims were checked on these.
        logits = torch.baddbmm(b[-1], a, W[-1])
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
            a = activate_inplace(self.activation, torch.baddbmm(b[l], a, W[l]))  # (K, B, neurons)
            m = multipliers[l] if multipliers is not None else None
            if m is not None:
                a = a.mul_(m)
        return _class_major(b[-1], W[-1].transpose(1, 2), a).transpose(1, 2)

    def margin(self, X: Tensor, weights: list[Tensor] | None = None) -> Tensor:
        """Eval-mode logit(class 1) - logit(class 0), (K, B), for inputs X (K, B, 2); inference only.

        The two output columns are folded into one (their difference) before the last product, so the
        output layer costs one column and no subtraction pass. softplus(-margin) is the class-1 NLL,
        sigmoid(margin) the class-1 probability.
        """
        params = self.parameters if weights is None else weights
        W, b = params[0::2], params[1::2]
        a = X
        for l in range(self.layers):
            a = activate_inplace(self.activation, torch.baddbmm(b[l], a, W[l]))  # (K, B, neurons)
        w_d = W[-1][..., 1:] - W[-1][..., :1]  # (K, neurons, 1)
        b_d = b[-1][..., 1:] - b[-1][..., :1]  # (K, 1, 1)
        return _class_major(b_d, w_d.transpose(1, 2), a).squeeze(1)

    def backward(self, cache: list, dlogits: Tensor) -> list[Tensor]:
        """Write d loss / d parameters into `gradients` (views of flat_grad) and return them.

        dlogits: (K, B, 2), the gradient of the summed per-network losses w.r.t. the logits.
        """
        gw, gb = self.gradients[0::2], self.gradients[1::2]
        a_last = cache[-1][0]
        # gw[-1] = a_last^T @ dlogits, computed as (dlogits^T @ a_last)^T and copied: the direct product
        # has the pathological N = 2 shape (1.7x slower for the pair, 3.6x at K = 25 incl. the copy;
        # a transposed out= is slower still); it reduces over the batch in the same order (bit-identical
        # results, checked in float32 and float64 at the shapes used here).
        gw[-1].copy_(torch.bmm(dlogits.transpose(1, 2), a_last).transpose(1, 2))
        torch.sum(dlogits, 1, keepdim=True, out=gb[-1])
        da = torch.bmm(dlogits, self.weights_t[-1])
        for l in range(self.layers - 1, -1, -1):
            a_in, z, h, m = cache[l]
            if z is None:  # relu, h = relu(z) * m: zero wherever z <= 0 or the unit was dropped
                dz = torch.ops.aten.threshold_backward(da, h, 0)
                if m is not None:
                    dz.mul_(m)
            else:
                dz = activation_backward(self.activation, da if m is None else da * m, z, h)
            torch.bmm(a_in.transpose(1, 2), dz, out=gw[l])
            torch.sum(dz, 1, keepdim=True, out=gb[l])
            if l > 0:
                da = torch.bmm(dz, self.weights_t[l])
        return self.gradients

    def predict_proba(
        self,
        X: Tensor,
        block: int = 1024,
        weights: list[Tensor] | None = None,
        check: Callable[[], None] | None = None,
    ) -> Tensor:
        """Eval-mode class-1 probability, (K, R), for points X (R, 2) shared by all members.

        Evaluated per member in row blocks with `addmm` into reused buffers (faster than one batched bmm
        over members, measured: 25 vs 26-28 ms for the demo pair's 100x100 grid), the output layer as one
        row of logit differences (class-major, see `_class_major`). `weights` optionally replaces
        `parameters` (e.g. a snapshot copy); `check` runs before every block (it may raise to abandon).
        """
        params = self.parameters if weights is None else weights
        W, b = params[0::2], params[1::2]
        R, K = X.shape[0], self.n_models
        out = torch.empty(K, R, dtype=X.dtype)
        buffers = [torch.empty(min(block, R), self.neurons, dtype=X.dtype) for _ in range(2)]
        w_d = (W[-1][..., 1:] - W[-1][..., :1]).transpose(1, 2)  # (K, 1, neurons): logit 1 - logit 0
        b_d = b[-1][..., 1:] - b[-1][..., :1]  # (K, 1, 1)
        with torch.no_grad():
            for k in range(K):
                for start in range(0, R, block):
                    if check is not None:
                        check()
                    h = X[start : start + block]
                    for l in range(self.layers):
                        buf = buffers[l % 2][: h.shape[0]]
                        h = activate_inplace(self.activation, torch.addmm(b[l][k], h, W[l][k], out=buf))
                    torch.addmm(b_d[k], w_d[k], h.t(), out=out[k : k + 1, start : start + block])
        return out.sigmoid_()  # sigmoid(logit 1 - logit 0) = softmax[:, 1]

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
