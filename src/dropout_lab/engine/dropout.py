"""Inverted-dropout masks for stacked networks, each network drawing from its own random stream.

`p` is the probability of DROPPING a unit (as `torch.nn.Dropout(p)`): a kept unit is scaled by
1/(1-p) during training so its expected value is unchanged, and evaluation uses no mask at all.
Each member's stream depends only on its own seed, so a network's masks are the same whether it trains
alone or stacked with others, and they never touch the data-shuffling stream.

Speed: masks for several steps (an epoch's worth, in bounded chunks) are drawn at once -- one generator
call per network per chunk, then four vectorised passes for all networks together. Drawing S
steps of n rows in one call yields exactly the numbers of S calls of one step, so a network's masks do
not depend on how the steps are chunked either.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import torch
from torch import Tensor

_INT64_LOW, _INT64_HIGH = -(2**63), 2**63 - 1
MASK_STREAM = 7_919  # offset that separates the mask stream from the other per-seed streams
CHUNK_ELEMENTS = 1 << 21  # units (networks x steps x layers x rows x neurons) drawn at once: ~8 MB float32

Multipliers = list[Tensor] | None  # one (K, n_rows, neurons) multiplier per hidden layer, or None


def chunk_steps(n_models: int, layers: int, neurons: int, max_rows: int, max_steps: int | None = None) -> int:
    """Steps drawn at once: CHUNK_ELEMENTS' worth, but no more than an epoch has (`max_steps`): a small
    training set (one step an epoch) would otherwise hold up to 8 MB of masks it never uses."""
    steps = max(1, CHUNK_ELEMENTS // max(1, n_models * layers * max_rows * neurons))
    return steps if max_steps is None else max(1, min(steps, max_steps))


class DropoutMasks:
    """Samples per-layer multipliers of shape (K, n_rows, neurons): 0 for a dropped unit, 1/(1-p) else.

    Members with p = 0 draw nothing (their multiplier is 1). The returned tensors are views of reused
    buffers: a step's multipliers are valid until the next step is drawn (for `steps`, until the
    generator is advanced again).
    """

    def __init__(
        self,
        rates: Sequence[float],
        seeds: Sequence[int],
        *,
        layers: int,
        neurons: int,
        max_rows: int,
        max_steps: int | None = None,
        dtype: torch.dtype = torch.float32,
    ):
        self.n_models = len(rates)
        self.layers = layers
        self.neurons = neurons
        self.max_rows = max_rows
        self.dtype = dtype
        self.active = [k for k, p in enumerate(rates) if p > 0]
        self.generators = {
            k: torch.Generator().manual_seed(seeds[k] * 1_000_003 + MASK_STREAM) for k in self.active
        }
        # Uniform int16 values v are kept when v <= threshold; 65536 levels resolve p to 1.5e-5.
        # p = 0 gives 32767: every value is kept (with scale 1), so zero bits mean "no dropout".
        shape = (self.n_models, 1, 1, 1)
        threshold = torch.tensor([round((1.0 - p) * 65536) - 32769 for p in rates]).view(shape + (1,))
        # v <= threshold  <=>  2 * (threshold - v) + 1 >= 1 (an odd integer, exact in float): see _draw
        self.odd = (2 * threshold + 1).to(dtype)
        self.scale = torch.tensor([1.0 / (1.0 - p) for p in rates], dtype=dtype).view(shape + (1,))
        self.chunk_steps = chunk_steps(self.n_models, layers, neurons, max_rows, max_steps)
        # Without a dropout member nothing is drawn: no buffers (they were ~12 MB per shard of touched
        # memory, a quarter of a small analysis' peak).
        held = (self.n_models, self.chunk_steps) if self.active else (0, 0)
        # bits: four 16-bit uniforms per int64 draw (3x cheaper than bernoulli_); zero for p = 0 members
        words = held[1] * layers * -(-max_rows * neurons // 4)
        self.bits = torch.zeros(held[0], words, dtype=torch.int64)
        self.buffer = torch.ones(*held, layers, max_rows, neurons, dtype=dtype)

    def release(self) -> None:
        """Free the buffers once training is over (the multipliers handed out become invalid)."""
        self.bits = torch.zeros(0, 0, dtype=torch.int64)  # new tensors: an empty view keeps the storage
        self.buffer = torch.ones(0, 0, self.layers, self.max_rows, self.neurons, dtype=self.dtype)

    def sample(self, n_rows: int) -> Multipliers:
        """One multiplier per hidden layer for a batch of n_rows; None when no member uses dropout."""
        return next(self.steps(1, n_rows))

    def steps(self, n_steps: int, n_rows: int) -> Iterator[Multipliers]:
        """The multipliers of `n_steps` consecutive steps of n_rows each (None each when no dropout)."""
        if not self.active:
            for _ in range(n_steps):
                yield None
            return
        done = 0
        while done < n_steps:
            s = min(self.chunk_steps, n_steps - done)
            block = self._draw(s, n_rows)  # (K, s, layers, n_rows, neurons)
            for step in block.unbind(1):  # views: one call per step, not one per layer
                yield list(step.unbind(1))
            done += s

    def _draw(self, n_steps: int, n_rows: int) -> Tensor:
        """Masks of n_steps steps for every member, one generator call per dropout member."""
        L, n = self.layers, n_rows * self.neurons
        n4 = -(-n // 4)
        words = self.bits[:, : n_steps * L * n4]  # (K, words): zero for p = 0 members
        for k in self.active:
            torch.randint(
                _INT64_LOW,
                _INT64_HIGH,
                (n_steps * L * n4,),
                generator=self.generators[k],
                dtype=torch.int64,
                out=words[k],
            )
        uniforms = words.view(torch.int16).view(self.n_models, n_steps, L, 4 * n4)[..., :n]
        out = self.buffer[:, :n_steps, :, :n_rows]
        # keep = (v <= threshold) as arithmetic, not a comparison: comparisons to bool are not
        # vectorised (0.45 ns per element), these four passes are (3.4x faster, the same masks).
        # y = 2 * (threshold - v) + 1 is an odd integer, exact in float: >= 1 if kept, <= -1 if dropped;
        # clamped to [0, 1] it is the keep flag exactly, then scaled to 0 or 1/(1-p).
        out.copy_(uniforms.view(self.n_models, n_steps, L, n_rows, self.neurons))
        torch.sub(self.odd, out, alpha=2, out=out)
        return out.clamp_(0, 1).mul_(self.scale)
