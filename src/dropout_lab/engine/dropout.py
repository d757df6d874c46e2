"""Inverted-dropout masks for stacked networks, each network drawing from its own random stream.

`p` is the probability of DROPPING a unit (as `torch.nn.Dropout(p)`): a kept unit is scaled by
1/(1-p) during training so its expected value is unchanged, and evaluation uses no mask at all.
Each member's stream depends only on its own seed, so a network's masks are the same whether it trains
alone or stacked with others, and they never touch the data-shuffling stream.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import Tensor

_INT64_LOW, _INT64_HIGH = -(2**63), 2**63 - 1
MASK_STREAM = 7_919  # offset that separates the mask stream from the other per-seed streams


class DropoutMasks:
    """Samples per-layer multipliers of shape (K, n_rows, neurons): 0 for a dropped unit, 1/(1-p) else.

    Members with p = 0 get constant ones (no draws). The returned tensors are views of one reused
    buffer: valid until the next `sample` call, i.e. for one training step.
    """

    def __init__(
        self,
        rates: Sequence[float],
        seeds: Sequence[int],
        *,
        layers: int,
        neurons: int,
        max_rows: int,
        dtype: torch.dtype = torch.float32,
    ):
        self.n_models = len(rates)
        self.layers = layers
        self.neurons = neurons
        self.active = [k for k, p in enumerate(rates) if p > 0]
        self.generators = {
            k: torch.Generator().manual_seed(seeds[k] * 1_000_003 + MASK_STREAM) for k in self.active
        }
        # Uniform int16 values v are kept when v <= threshold; 65536 levels resolve p to 1.5e-5.
        self.threshold = [round((1.0 - p) * 65536) - 32769 for p in rates]
        self.scale = [1.0 / (1.0 - p) for p in rates]
        self.buffer = torch.ones(self.n_models, layers, max_rows, neurons, dtype=dtype)

    def sample(self, n_rows: int) -> list[Tensor] | None:
        """One multiplier per hidden layer for a batch of n_rows; None when no member uses dropout."""
        if not self.active:
            return None
        n = n_rows * self.neurons
        n4 = -(-n // 4)  # one int64 draw gives four 16-bit uniforms (3x cheaper than bernoulli_)
        for k in self.active:
            bits = torch.randint(
                _INT64_LOW, _INT64_HIGH, (self.layers, n4), generator=self.generators[k], dtype=torch.int64
            )
            keep = bits.view(torch.int16)[:, :n] <= self.threshold[k]  # (layers, n)
            # bool -> float casts are not vectorised; the same bytes read as uint8 are (3x faster)
            keep_u8 = keep.view(torch.uint8).view(self.layers, n_rows, self.neurons)
            torch.mul(keep_u8, self.scale[k], out=self.buffer[k, :, :n_rows])
        return [self.buffer[:, l, :n_rows] for l in range(self.layers)]
