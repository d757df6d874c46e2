"""Rate sweep: the same network trained at many drop probabilities, over several seeds, in one batched
run. Networks of one seed share data, initial weights and batch order, so the rates are compared
fairly within each seed (the comparisons and words: sweep_result.py).
"""

from __future__ import annotations

from functools import partial

from ..config import TrainConfig
from ..experiment import sweep_networks
from .catalog import SweepParams
from .progress import InsightResult, Steps, StopCheck, train
from .sweep_result import sweep_result

NAME = "sweep"


def run_sweep(config: TrainConfig, params: SweepParams, should_stop: StopCheck = None) -> Steps:
    """Train every (rate, seed) network at once; yield progress, partial results, then the SweepResult."""
    rates = sorted(set(params.rates))
    seeds = [config.seed + i for i in range(params.n_seeds)]
    networks = sweep_networks(config, rates, seeds)  # rate-major: network k = rate k // S, seed k % S
    build = partial(sweep_result, rates, seeds, config.epochs)
    stage = f"training {len(networks)} networks together"
    run = yield from train(NAME, config, networks, stage=stage, should_stop=should_stop, partial=build)
    yield InsightResult(insight=NAME, result=build(run.history))
