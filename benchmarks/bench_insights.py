"""Insight speed on the moons preset: each analysis batched (as the tool runs it) vs one network at a time.

For every insight on its default parameters: the median time of the whole analysis (interleaved
repeats), the time of its training runs alone, and the share of the machine's sustained matmul FLOP/s
(measured in this process, see matmul_rate.py) its training achieves, counting the work with the cost
model (engine/cost.py `run_flops`). "One at a time" replays every training run the analysis made with
one network per Trainer run (same configs, same engine), then adds the analysis' own post-training time
(Monte-Carlo passes, knock-outs), which batching does not change. To stay interleaved with the batched
repeats (background load drifts), each repeat times SAMPLE networks of every run alone (a different few
each repeat) and scales by the run's size. Every run records its Trainer runs by wrapping
`Trainer.events`, so the bench follows whatever the analyses train. One intra-op thread, as the CLI and
the server use.

Run: make bench (or `python benchmarks/bench_insights.py --only sweep --repeats 3`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).parent))
from dropout_lab.engine.cost import run_flops  # noqa: E402
from dropout_lab.engine.experiment import warm_up  # noqa: E402
from dropout_lab.engine.insights import INSIGHTS, final_result, run_insight  # noqa: E402
from dropout_lab.engine.presets import get_preset  # noqa: E402
from dropout_lab.engine.training import Trainer  # noqa: E402
from matmul_rate import Shape, peak, print_rates, rates  # noqa: E402

SAMPLE = 2  # networks of every Trainer run timed alone per repeat
RUNS: list[tuple[Trainer, float]] = []  # (trainer, seconds) of every Trainer run since the last reset
_events = Trainer.events


def _timed_events(self: Trainer, should_stop=None, **hooks):
    t0 = time.perf_counter()
    yield from _events(self, should_stop, **hooks)
    RUNS.append((self, time.perf_counter() - t0))


Trainer.events = _timed_events  # type: ignore[method-assign]


@dataclass
class Timing:
    total: list[float] = field(default_factory=list)  # the whole analysis, per repeat
    training: list[float] = field(default_factory=list)  # its Trainer runs, per repeat
    serial: list[float] = field(default_factory=list)  # estimated one-at-a-time time, per repeat
    runs: list[Trainer] = field(default_factory=list)  # the Trainer runs of the last repeat


def time_insight(name: str, config, timing: Timing, repeat: int, serial: bool) -> None:
    RUNS.clear()
    t0 = time.perf_counter()
    final_result(run_insight(name, config))
    total = time.perf_counter() - t0
    training = sum(s for _, s in RUNS)
    timing.total.append(total)
    timing.training.append(training)
    timing.runs = [t for t, _ in RUNS]
    if serial:
        timing.serial.append(one_at_a_time(timing.runs, repeat) + total - training)


def one_at_a_time(runs: list[Trainer], repeat: int) -> float:
    """Estimated seconds to train every network of `runs` in its own Trainer run (SAMPLE timed each)."""
    estimate = 0.0
    for trainer in runs:
        K = len(trainer.networks)
        picks = sorted({(repeat + i * K // SAMPLE) % K for i in range(SAMPLE)})
        RUNS.clear()
        for k in picks:
            for _ in Trainer(trainer.config, [trainer.networks[k]]).events():
                pass
        estimate += K * sum(s for _, s in RUNS) / len(picks)
    return estimate


def training_flops(runs: list[Trainer]) -> float:
    return sum(run_flops(t.config, len(t.networks), t.config.n_samples).total for t in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(INSIGHTS), help="comma-separated insight names")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repeats of every insight")
    parser.add_argument("--no-serial", action="store_true", help="skip the one-at-a-time replays")
    args = parser.parse_args()
    names = args.only.split(",")
    warm_up()
    config = get_preset("moons").config
    h = config.neurons
    measured = rates(
        [
            Shape(f"sweep step: 50 x (32x{h}) @ ({h}x{h})", 50, 32, h, h),
            Shape(f"sweep eval: 50 x (400x{h}) @ ({h}x{h})", 50, 400, h, h),
        ]
    )
    torch.set_num_threads(1)  # as the CLI and the server run the analyses
    timings = {name: Timing() for name in names}
    for repeat in range(args.repeats):  # interleaved: background load hits every insight alike
        for name in names:
            time_insight(name, config, timings[name], repeat, not args.no_serial)
    top = peak(measured)
    print(
        f"insights on the moons preset ({config.layers} x {h} {config.activation}, {config.epochs} epochs, "
        f"{config.n_samples} points), default parameters; medians of {args.repeats} interleaved repeats"
    )
    print_rates(measured)
    print(
        f"  {'insight':<13}{'networks':>9}{'total s':>9}{'training s':>11}{'one-at-a-time s':>16}"
        f"{'speed-up':>9}{'GFLOP/s':>9}{'of peak':>8}"
    )
    for name in names:
        t = timings[name]
        total, training = statistics.median(t.total), statistics.median(t.training)
        flops = training_flops(t.runs)
        nets = sum(len(r.networks) for r in t.runs)
        serial = statistics.median(t.serial) if t.serial else 0.0
        ratios = [a / b for a, b in zip(t.serial, t.total, strict=True)] if t.serial else []
        speedup = f"{statistics.median(ratios):8.1f}x" if ratios else " " * 9
        serial_s = f"{serial:16.1f}" if serial else f"{'-':>16}"
        print(
            f"  {name:<13}{nets:>9}{total:9.2f}{training:11.2f}{serial_s}{speedup}"
            f"{flops / training / 1e9:9.1f}{flops / training / top:8.0%}"
        )
    print(
        f"  (GFLOP/s: the cost model's matmul work of the training runs / their time; peak = "
        f"{top / 1e9:.0f} GFLOP/s, the best rate above)"
    )


if __name__ == "__main__":
    main()
