"""Thinned networks at test time: forward passes of trained stacked networks with chosen unit masks.

A "thinned network" is the trained network with some hidden units switched off. One mask per pass is
shared by every input point, so each pass is one sub-network with its own decision boundary. This is
the inference-time use of `StackedMLP.forward(X, multipliers)`; nothing here changes any weight.
"""

from __future__ import annotations

import torch
from torch import Tensor

from ..network import StackedMLP


def unit_masks(
    n_models: int, layers: int, neurons: int, drop: float, generator: torch.Generator, *, rescale: bool
) -> list[Tensor]:
    """One multiplier per hidden layer, (n_models, 1, neurons): 0 for a dropped unit.

    rescale=True gives inverted dropout (survivors x 1/(1-drop), as in training: MC dropout);
    rescale=False keeps survivors at 1 (a knock-out: units simply removed).
    """
    keep = torch.rand(n_models, layers, 1, neurons, generator=generator) >= drop
    value = 1.0 / (1.0 - drop) if rescale else 1.0
    return [keep[:, l].to(torch.float32) * value for l in range(layers)]


def class1_proba(model: StackedMLP, X: Tensor, multipliers: list[Tensor] | None = None) -> Tensor:
    """p(class 1), (K, R), for points X (K, R, 2) -- eval mode when `multipliers` is None."""
    with torch.no_grad():
        logits, _ = model.forward(X.to(model.flat.dtype), multipliers)
        return torch.sigmoid(logits[..., 1] - logits[..., 0])


def mean_log_loss(proba: Tensor, y: Tensor) -> Tensor:
    """Cross-entropy of class-1 probabilities (K, R) against labels y (K, R), per network (K,)."""
    p = proba.clamp(1e-7, 1 - 1e-7)
    return -(y * p.log() + (1 - y) * (1 - p).log()).mean(dim=1)


def zoomed(extent: tuple[float, float, float, float], factor: float) -> tuple[float, float, float, float]:
    """The extent scaled by `factor` around its centre (factor 2 = twice as wide and tall)."""
    x0, x1, y0, y1 = extent
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 * factor, (y1 - y0) / 2 * factor
    return (round(cx - hx, 4), round(cx + hx, 4), round(cy - hy, 4), round(cy + hy, 4))
