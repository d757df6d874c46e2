"""Optimisers over the one flat parameter buffer of a StackedMLP.

`FlatAdam` calls the same fused kernel as ``torch.optim.Adam(fused=True)`` but skips its per-step
Python bookkeeping (about 100 µs a step here, a sixth of a whole training step) and the ~1.4 s first
construction (torch.optim imports torch._dynamo). tests/unit/test_training_oracle.py checks whole runs
against torch.optim.Adam and nn.Sequential, epoch by epoch. SGD with momentum is rarer here and uses
torch.optim.SGD as is.
"""

from __future__ import annotations

import torch
from torch import Tensor


class FlatAdam:
    """Adam (Kingma & Ba) with torch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.

    `param`/`grad`: one flat buffer each, or matching lists of tensors (a shard's views); one fused
    kernel steps them all. L2 weight decay, if any, is added to the gradient by the caller (as torch's
    coupled `weight_decay`).
    """

    def __init__(
        self,
        param: Tensor | list[Tensor],
        grad: Tensor | list[Tensor],
        *,
        lr: float,
        betas=(0.9, 0.999),
        eps: float = 1e-8,
    ):
        self.params = [param] if isinstance(param, Tensor) else list(param)
        self.grads = [grad] if isinstance(grad, Tensor) else list(grad)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.exp_avg = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [torch.zeros_like(p) for p in self.params]
        self.step_count = torch.zeros((), dtype=torch.get_default_dtype())  # as torch.optim.Adam keeps it

    def step(self) -> None:
        self.step_count += 1
        torch._fused_adam_(
            self.params,
            self.grads,
            self.exp_avg,
            self.exp_avg_sq,
            [],
            [self.step_count] * len(self.params),  # read only: one count for every tensor
            lr=self.lr,
            beta1=self.betas[0],
            beta2=self.betas[1],
            weight_decay=0.0,
            eps=self.eps,
            amsgrad=False,
            maximize=False,
        )

    def release(self) -> None:
        """Drop the moment estimates (two parameter-sized buffers) once training is over."""
        self.exp_avg, self.exp_avg_sq = [], []


class TorchSGD:
    """torch.optim.SGD with momentum over the flat buffer (its first construction costs ~1.4 s once)."""

    def __init__(self, param: Tensor, grad: Tensor, *, lr: float, momentum: float):
        param.grad = grad
        self.optimizer = torch.optim.SGD([param], lr=lr, momentum=momentum, fused=True)

    def step(self) -> None:
        self.optimizer.step()

    def release(self) -> None:
        """Drop the momentum buffer once training is over."""
        self.optimizer.state.clear()
