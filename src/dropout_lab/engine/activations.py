"""The hidden layers' activations (relu, tanh, gelu) and their backward, for the hand-written network.

The backward uses the same kernels autograd uses, so the stacked network's gradients match PyTorch's.
This module knows nothing of networks, training or data.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

ACTIVATIONS = ("relu", "tanh", "gelu")


def activate(name: str, z: Tensor) -> Tensor:
    if name == "relu":
        return torch.relu(z)
    if name == "tanh":
        return torch.tanh(z)
    return nn.functional.gelu(z)


def activate_inplace(name: str, z: Tensor) -> Tensor:
    """In place where PyTorch allows it (inference only)."""
    if name == "relu":
        return z.relu_()
    if name == "tanh":
        return z.tanh_()
    return nn.functional.gelu(z)


def activation_backward(name: str, grad: Tensor, z: Tensor, h: Tensor) -> Tensor:
    """d loss / d z from d loss / d h, with h = act(z); the same kernels autograd uses."""
    if name == "relu":
        return torch.ops.aten.threshold_backward(grad, h, 0)
    if name == "tanh":
        return torch.ops.aten.tanh_backward(grad, h)
    return torch.ops.aten.gelu_backward(grad, z)
