"""End-of-run numbers per network, from the per-epoch history (no training here)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .events import NetworkSpec, NetworkSummary
from .verdict import curve_noise


def summarize(networks: Sequence[NetworkSpec], history: np.ndarray) -> list[NetworkSummary]:
    """history: (epochs, 5, K) rows train_loss, val_loss, train_acc, val_acc, batch_loss per epoch."""
    summary = []
    for k, net in enumerate(networks):
        h = history[:, :, k]
        best = int(np.argmin(h[:, 1]))
        summary.append(
            NetworkSummary(
                network=net.name,
                dropout=net.dropout,
                weight_decay=net.weight_decay,
                seed=net.seed,
                epochs_run=len(h),
                train_loss=h[-1, 0],
                val_loss=h[-1, 1],
                gap=h[-1, 1] - h[-1, 0],
                train_acc=h[-1, 2],
                val_acc=h[-1, 3],
                best_epoch=best + 1,
                best_val_loss=h[best, 1],
                val_noise=curve_noise(h[:, 1].tolist()),
            )
        )
    return summary


def differences(summary: Sequence[NetworkSummary]) -> dict[str, dict[str, float]]:
    """Each other network minus the first one when the first is a plain baseline (no dropout, no decay)."""
    if not summary or summary[0].dropout > 0 or summary[0].weight_decay > 0:
        return {}
    base = summary[0]
    return {
        s.network: {
            "val_loss": s.val_loss - base.val_loss,
            "gap": s.gap - base.gap,
            "train_loss": s.train_loss - base.train_loss,
            "val_acc": s.val_acc - base.val_acc,
        }
        for s in summary[1:]
        if s.seed == base.seed
    }
