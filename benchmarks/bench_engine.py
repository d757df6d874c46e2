"""Engine speed on the demo pair vs the tutorial-style reference loop, measured in the same run.

The demo pair: the severe-overfitting network and the same network with dropout 0.5, 300 epochs,
eval-mode metrics every epoch, a 100x100 boundary snapshot every 10 epochs (and at the end).
Prints medians of interleaved repeats, the speed-up, and the share of this machine's sustained matmul
FLOP/s (matmul_rate.py, measured in this process) that the engine achieves. Run: make bench.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from dropout_lab.engine.cost import run_flops  # noqa: E402
from dropout_lab.engine.experiment import comparison_networks, run_comparison, warm_up  # noqa: E402
from dropout_lab.engine.presets import get_preset  # noqa: E402
from dropout_lab.engine.training import Trainer  # noqa: E402
from matmul_rate import Shape, peak, print_rates, rates  # noqa: E402
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


def main() -> None:
    config = get_preset("same-network-dropout").config
    trainer = Trainer(config, comparison_networks(config))
    data = [torch.from_numpy(a) for a in trainer.data.splits[0]]
    warm_up()
    time_reference(
        config.model_copy(update={"epochs": 2}), data, trainer.data.grid, 1
    )  # warm the reference too
    engine, ref1, ref_default = [], [], []
    for repeat in range(REPEATS):  # interleaved so background load hits both alike
        engine.append(time_engine(config))
        ref1.append(time_reference(config, data, trainer.data.grid, 1))
        if repeat == 0:  # once: oversubscribed on a busy machine it can take minutes (and is the slower)
            threads = torch.get_num_interop_threads()
            ref_default.append(time_reference(config, data, trainer.data.grid, threads))
    e, r1, rd = (statistics.median(x) for x in (engine, ref1, ref_default))
    best_ref = min(r1, rd)
    flops = run_flops(config, 2).total
    h = config.neurons
    measured = rates(
        [
            Shape(f"pair step: 2 x (32x{h}) @ ({h}x{h})", 2, 32, h, h),
            Shape(f"pair grid: 2 x (10000x{h}) @ ({h}x{h})", 2, 10_000, h, h),
        ]
    )
    top = peak(measured)
    print(f"demo pair: {config.layers}x{config.neurons} ReLU, {config.epochs} epochs, 100x100 grid every 10")
    print(f"  reference loop, 1 thread       : {r1:6.2f} s")
    print(f"  reference loop, default threads: {rd:6.2f} s (once)")
    print(f"  engine (median of {REPEATS})          : {e:6.2f} s")
    print(f"  speed-up vs the faster reference: {best_ref / e:.2f}x (goal >= 4x)")
    print_rates(measured)
    print(
        f"  engine throughput {flops / e / 1e9:.1f} GFLOP/s = {flops / e / top:.0%} of the sustained peak "
        f"({top / 1e9:.0f} GFLOP/s, the best rate above; work from engine/cost.py run_flops)"
    )


if __name__ == "__main__":
    main()
