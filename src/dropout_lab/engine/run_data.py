"""The data of one run: each seed's split, stacked per network, and the plane its maps cover.

Networks with the same seed share the split, so a fair comparison sees the same points. Tensors are
stacked (K, ...) with member k holding network k's seed's data. This module knows nothing of training.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import torch
from torch import Tensor

from .config import TrainConfig
from .datasets import grid_extent, make_dataset, split_train_val
from .evaluation import grid_points
from .events import DataSplit, NetworkSpec

Split = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # X_train, y_train, X_val, y_val


def _stack(arrays: Sequence[np.ndarray], index: Sequence[int], dtype: torch.dtype | None = None) -> Tensor:
    """(K, ...) tensor with arrays[index[k]] as member k's slice."""
    t = torch.from_numpy(np.stack(arrays))
    return (t.to(dtype) if dtype is not None else t)[list(index)]


class RunData:
    """Splits per distinct seed and their stacked tensors.

    X_train (K, N, 2), y_train (K, N); X_all (K, N + V, 2) and y_all hold each member's training points
    followed by its validation points (one evaluation pass for both sets); grid (G*G, 2) covers `extent`.
    """

    def __init__(
        self,
        config: TrainConfig,
        networks: Sequence[NetworkSpec],
        data: tuple[np.ndarray, np.ndarray] | None = None,
        dtype: torch.dtype = torch.float32,
    ):
        self.seeds = list(dict.fromkeys(n.seed for n in networks))  # distinct, in order
        self.splits: list[Split] = [self._split(config, s, data) for s in self.seeds]
        self.source: Literal["generated", "custom"] = "generated" if data is None else "custom"
        idx = [self.seeds.index(n.seed) for n in networks]
        self.seed_index = torch.tensor(idx)  # member k uses splits[seed_index[k]]
        self.X_train = _stack([s[0] for s in self.splits], idx, dtype)
        self.y_train = _stack([s[1] for s in self.splits], idx)
        X_val = _stack([s[2] for s in self.splits], idx, dtype)
        y_val = _stack([s[3] for s in self.splits], idx)
        self.X_all = torch.cat([self.X_train, X_val], dim=1)
        self.y_all = torch.cat([self.y_train, y_val], dim=1)
        self.n_train = self.X_train.shape[1]
        self.extent = grid_extent(np.concatenate([np.concatenate([s[0], s[2]]) for s in self.splits]))
        self.grid = grid_points(self.extent, config.grid_size, dtype)  # row 0 at y_min

    @staticmethod
    def _split(config: TrainConfig, seed: int, data: tuple[np.ndarray, np.ndarray] | None) -> Split:
        c = config
        if data is None:
            X, y = make_dataset(c.dataset, c.n_samples, noise=c.noise, random_state=seed)
        else:
            X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1], dtype=np.int64)
        return split_train_val(X, y, val_share=c.val_share, random_state=seed)

    def payload(self) -> list[DataSplit]:
        """The points per seed, as run_started carries them."""
        return [
            DataSplit(
                seed=seed,
                X_train=s[0].tolist(),
                y_train=s[1].tolist(),
                X_val=s[2].tolist(),
                y_val=s[3].tolist(),
            )
            for seed, s in zip(self.seeds, self.splits, strict=True)
        ]
