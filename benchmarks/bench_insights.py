"""Rate-sweep speed: the moons preset at 10 drop probabilities x 5 seeds, batched vs one network at a time.

Batched = what `dropout-lab sweep` does: all 50 networks in ONE Trainer run (stacked weights, one fused
optimiser step). One by one = 50 separate runs of the same engine, one network each. Both use one
intra-op thread (plus the engine's evaluation thread) and the sweep's tiny final boundary map, so only
the batching differs. Prints both times and the ratio. Run: make bench.
"""

from __future__ import annotations

import time

import torch

from dropout_lab.engine.experiment import sweep_networks, warm_up
from dropout_lab.engine.insights.progress import quiet
from dropout_lab.engine.presets import get_preset
from dropout_lab.engine.training import Trainer

RATES = [round(0.1 * i, 1) for i in range(10)]
SEEDS = list(range(5))


def run(config, networks) -> float:
    t0 = time.perf_counter()
    for event in Trainer(config, networks).events():
        if event.type == "run_failed":
            raise RuntimeError(event.reason)
    return time.perf_counter() - t0


def main() -> None:
    torch.set_num_threads(1)
    warm_up()
    config = quiet(get_preset("moons").config)
    networks = sweep_networks(config, RATES, SEEDS)
    print(
        f"moons preset: {config.layers} x {config.neurons} {config.activation}, {config.epochs} epochs, "
        f"{config.n_samples} points; {len(RATES)} rates x {len(SEEDS)} seeds = {len(networks)} networks"
    )
    batched = run(config, networks)
    print(f"batched (one run):        {batched:7.1f} s")
    one_by_one = sum(run(config, [net]) for net in networks)
    print(f"one by one ({len(networks)} runs):    {one_by_one:7.1f} s")
    print(f"speed-up of batching:     {one_by_one / batched:7.1f} x")


if __name__ == "__main__":
    main()
