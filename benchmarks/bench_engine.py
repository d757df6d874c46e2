"""Engine speed on the demo pair vs the tutorial-style reference loop, measured in the same run.

The demo pair: the severe-overfitting network and the same network with dropout 0.5, 300 epochs,
eval-mode metrics every epoch, a 100x100 boundary snapshot every 10 epochs (and at the end).
Prints medians of interleaved repeats, the speed-up, and the share of this machine's sustained matmul
FLOP/s (measured here too) that the engine achieves. Run: make bench.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from dropout_lab.engine.experiment import comparison_networks, run_comparison, warm_up  # noqa: E402
from dropout_lab.engine.presets import get_preset  # noqa: E402
from dropout_lab.engine.training import Trainer  # noqa: E402
from reference_loop import train_reference  # noqa: E402

REPEATS = 3


def time_engine(config) -> float:
    torch.set_num_threads(1)  # the engine's setting: 1 intra-op thread + its evaluation thread
    t0 = time.perf_counter()
    for _ in run_comparison(config):
        pass
    return time.perf_counter() - t0


def time_reference(config, data, grid, threads: int) -> float:
    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    for p in (0.0, config.dropout):
        train_reference(
            *data, grid, layers=config.layers, neurons=config.neurons, dropout=p, epochs=config.epochs
        )
    return time.perf_counter() - t0


def engine_flops(config, n_train: int, n_val: int, n_networks: int) -> float:
    """Multiply-add FLOPs of the pair's work (GEMMs only: what the reference does too)."""
    h, layers = config.neurons, config.layers
    forward = 2 * (2 * h + (layers - 1) * h * h + 2 * h)  # per sample
    snapshots = config.epochs // config.snapshot_every + (config.epochs % config.snapshot_every != 0)
    per_net = (
        3 * forward * n_train * config.epochs  # forward + backward (weights and inputs)
        + forward * (n_train + n_val) * config.epochs  # eval-mode pass on both sets
        + forward * config.grid_size**2 * snapshots
    )
    return per_net * n_networks


def sustained_matmul_flops() -> float:
    """Best of a few large float32 GEMMs on both cores: the machine's practical ceiling."""
    torch.set_num_threads(2)
    a, b = torch.randn(1536, 1536), torch.randn(1536, 1536)
    best = 0.0
    for _ in range(8):
        t0 = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * 1536**3 / (time.perf_counter() - t0))
    return best


def main() -> None:
    config = get_preset("same-network-dropout").config
    trainer = Trainer(config, comparison_networks(config))
    data = [torch.from_numpy(a) for a in trainer.data.splits[0]]
    warm_up()
    time_reference(
        config.model_copy(update={"epochs": 2}), data, trainer.data.grid, 1
    )  # warm the reference too
    engine, ref1, ref_default = [], [], []
    for _ in range(REPEATS):  # interleaved so background load hits both alike
        engine.append(time_engine(config))
        ref1.append(time_reference(config, data, trainer.data.grid, 1))
        ref_default.append(time_reference(config, data, trainer.data.grid, torch.get_num_interop_threads()))
    e, r1, rd = (statistics.median(x) for x in (engine, ref1, ref_default))
    best_ref = min(r1, rd)
    flops = engine_flops(config, len(data[0]), len(data[2]), 2)
    peak = sustained_matmul_flops()
    print(f"demo pair: {config.layers}x{config.neurons} ReLU, {config.epochs} epochs, 100x100 grid every 10")
    print(f"  reference loop, 1 thread       : {r1:6.2f} s")
    print(f"  reference loop, default threads: {rd:6.2f} s")
    print(f"  engine (median of {REPEATS})          : {e:6.2f} s")
    print(f"  speed-up vs the faster reference: {best_ref / e:.2f}x (goal >= 4x)")
    print(
        f"  engine throughput {flops / e / 1e9:.1f} GFLOP/s = {flops / e / peak:.0%} of sustained matmul "
        f"({peak / 1e9:.0f} GFLOP/s on 2 threads, measured now)"
    )


if __name__ == "__main__":
    main()
