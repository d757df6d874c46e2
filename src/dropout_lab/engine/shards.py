"""Training steps of a contiguous range of a run's stacked networks: one shard, trained by one thread.

A run with many networks (a rate sweep: 50) splits them into two shards trained by two threads at once,
each with one intra-op thread: the second core then trains instead of idling beside a single training
thread (two intra-op threads on these shapes were slower on a shared 2-core machine). Networks never
interact, a shard's members keep their own masks (per-network streams), data order and optimiser state,
and the maths per network is unchanged, so a network trains the same in any shard (float64 test).
This module knows the step's maths and nothing of events, evaluation or threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import Tensor

from .config import TrainConfig
from .dropout import DropoutMasks
from .events import NetworkSpec
from .network import StackedMLP, split_flat
from .optim import FlatAdam, TorchSGD

# Per-step activations (networks x batch rows x units) from which a run is split into two shards: below
# this, per-op overhead dominates and a second Python thread adds more than it takes away.
SHARD_ELEMENTS = 1 << 15


def shard_bounds(config: TrainConfig, n_networks: int, rows: int) -> list[tuple[int, int]]:
    """Member ranges [lo, hi) of the shards: two halves for big Adam runs, else one shard."""
    big = n_networks >= 4 and n_networks * rows * config.neurons >= SHARD_ELEMENTS
    if config.optimizer != "adam" or not big:  # SGD's torch.optim state wants one leaf tensor
        return [(0, n_networks)]
    half = (n_networks + 1) // 2
    return [(0, half), (half, n_networks)]


class Shard:
    """Members lo..hi-1 of `model`: their masks, optimiser state and training epoch."""

    def __init__(
        self,
        model: StackedMLP,
        bounds: tuple[int, int],
        networks: Sequence[NetworkSpec],
        config: TrainConfig,
        *,
        max_rows: int,
        max_steps: int | None = None,
        dtype: torch.dtype,
    ):
        self.lo, self.hi = lo, hi = bounds
        whole = (lo, hi) == (0, model.n_models)
        self.model = model if whole else model.members(lo, hi)
        nets = list(networks)[lo:hi]
        c = config
        self.masks = DropoutMasks(
            [n.dropout for n in nets],
            [n.seed for n in nets],
            layers=c.layers,
            neurons=c.neurons,
            max_rows=max_rows,
            max_steps=max_steps,
            dtype=dtype,
        )
        # Per-network L2 coefficient laid out like the parameters (coupled L2, as torch's Adam/SGD
        # `weight_decay`), so one fused step serves networks with different decay. Only a shard with
        # decay holds it, and only for its own members (a parameter-sized buffer per shard otherwise).
        self.has_decay = any(n.weight_decay > 0 for n in nets)
        self.decay: list[Tensor] = []
        if self.has_decay:
            decay = torch.zeros_like(model.flat)
            for view in split_flat(decay, model.shapes):
                for k, net in enumerate(networks):
                    view[k] = net.weight_decay
            self.decay = [decay] if whole else [d[lo:hi].clone() for d in split_flat(decay, model.shapes)]
        if whole:  # one flat buffer: one fused optimiser kernel over everything
            self.params, self.grads = [model.flat], [model.flat_grad]
        else:  # views of this shard's members in every parameter tensor
            self.params, self.grads = self.model.parameters, self.model.gradients
        if c.optimizer == "adam":
            self.optimizer: FlatAdam | TorchSGD = FlatAdam(self.params, self.grads, lr=c.lr)
        else:
            self.optimizer = TorchSGD(model.flat, model.flat_grad, lr=c.lr, momentum=c.momentum)
        self.last_multipliers: list[Tensor] | None = None  # the masks of the newest training step

    def train_epoch(
        self, X: Tensor, target: Tensor, batch: int, should_stop: Callable[[], bool] | None = None
    ) -> Tensor | None:
        """One pass over this shard's shuffled training points: the mean mini-batch loss per member.

        X (K', N, 2) and target (K', N, 2) (one-hot) are this shard's members' shuffled epoch data.
        `should_stop` is polled before every mini-batch; None means the epoch was abandoned.
        """
        K, n = X.shape[0], X.shape[1]
        log_likelihood = torch.zeros(K, batch, 2, dtype=X.dtype)  # sum of target * log p per position
        full, rest = divmod(n, batch)
        batches = zip(X.split(batch, dim=1), target.split(batch, dim=1), strict=True)  # views
        for n_steps, nb in ((full, batch), (1 if rest else 0, rest)):
            sums = log_likelihood if nb == batch else log_likelihood[:, :nb]
            for multipliers in self.masks.steps(n_steps, nb):  # drawn an epoch (chunk) at a time
                if should_stop is not None and should_stop():
                    return None
                xb, tb = next(batches)
                logits, cache = self.model.forward(xb, multipliers)
                logp = torch.log_softmax(logits, dim=-1)  # (K, B, 2)
                sums.addcmul_(logp, tb)
                dlogits = logp.exp_().sub_(tb).div_(nb)  # d mean-CE / d logits = (softmax - target) / B
                self.model.backward(cache, dlogits)  # -> gradients
                if self.has_decay:
                    torch._foreach_addcmul_(self.grads, self.decay, self.params)
                self.optimizer.step()
                self.last_multipliers = multipliers
        return -log_likelihood.sum(dim=(1, 2)) / n

    def release(self) -> None:
        """Free what only training needs (mask buffers, optimiser state, decay) once the run is over:
        an analysis keeps its Trainer (weights and data) while the next run trains."""
        self.masks.release()
        self.optimizer.release()
        self.decay, self.last_multipliers = [], None

    def last_masks(self, shown: int) -> dict[int, list[list[bool]]]:
        """Kept flags of the first example of the last step, first `shown` units, per dropout member
        (keyed by the member's index in the whole run)."""
        last = self.last_multipliers
        if last is None:
            return {}
        kept = torch.stack([m[:, 0, :shown] for m in last], dim=1) != 0  # (K', layers, shown)
        return {self.lo + k: kept[k].tolist() for k in self.masks.active}
