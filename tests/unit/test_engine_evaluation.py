"""Eval-mode measurement details: a stop abandons maps, a deadline bounds the final one; dtypes kept."""

from __future__ import annotations

import time

import pytest
import torch

from dropout_lab.engine.config import make_config
from dropout_lab.engine.evaluation import Aborted, Evaluator
from dropout_lab.engine.events import NetworkSpec
from dropout_lab.engine.experiment import run_networks
from dropout_lab.engine.network import StackedMLP
from dropout_lab.engine.training import Trainer

NETS = [NetworkSpec(name="a", dropout=0.0, weight_decay=0.0, seed=0)]
SMALL = dict(n_samples=60, layers=1, neurons=8, epochs=2, grid_size=10, snapshot_every=1)


def evaluator(trainer: Trainer, aborted: bool) -> Evaluator:
    d = trainer.data
    return Evaluator(
        trainer.model, trainer.networks, run_id="r", X_all=d.X_all, y_all=d.y_all, n_train=d.n_train,
        grid=d.grid, grid_size=10, extent=d.extent, aborted=lambda: aborted,
    )  # fmt: skip


def test_a_stopping_run_abandons_maps_but_a_final_map_with_a_deadline_still_draws():
    trainer = Trainer(make_config(SMALL), NETS)
    weights = trainer.model.flat.clone()
    stopping = evaluator(trainer, aborted=True)
    with pytest.raises(Aborted):
        stopping.snapshots(1, weights)
    # after a stop, the final map is bounded by its deadline, not by the stop itself
    (snap,) = stopping.snapshots(1, weights, deadline=time.monotonic() + 60)
    assert len(snap.probs) == 100
    with pytest.raises(Aborted):
        evaluator(trainer, aborted=False).snapshots(1, weights, deadline=time.monotonic() - 1)


def test_run_networks_trains_in_the_dtype_it_is_given():
    config = make_config(SMALL)
    as64 = [e.val_loss for e in run_networks(config, NETS, dtype=torch.float64) if e.type == "epoch_finished"]
    direct = [
        e.val_loss for e in Trainer(config, NETS, dtype=torch.float64).events() if e.type == "epoch_finished"
    ]
    as32 = [e.val_loss for e in run_networks(config, NETS) if e.type == "epoch_finished"]
    assert as64 == direct and as64 != as32


def test_a_member_rebuilt_as_a_module_has_no_dropout_unless_asked():
    trainer = Trainer(make_config(SMALL), NETS)
    rates = [m.p for m in trainer.model.to_torch_module(0) if isinstance(m, torch.nn.Dropout)]
    assert rates == [0.0]
    assert [m.p for m in trainer.model.to_torch_module(0, 0.4) if isinstance(m, torch.nn.Dropout)] == [0.4]


def test_a_run_says_whether_its_points_were_generated_or_given():
    config = make_config(SMALL)
    generated = next(iter(Trainer(config, NETS).events()))
    X, y = torch.randn(40, 2).numpy(), (torch.arange(40) % 2).numpy()
    given = next(iter(Trainer(config, NETS, data=(X, y)).events()))
    assert (generated.data_source, given.data_source) == ("generated", "custom")


def test_bad_construction_is_refused_with_a_specific_message():
    with pytest.raises(ValueError, match="^at least one network is needed$"):
        Trainer(make_config(SMALL), [])
    with pytest.raises(ValueError, match=r"activation must be one of \('relu', 'tanh', 'gelu'\), got 'elu'"):
        StackedMLP([0], layers=1, neurons=2, activation="elu")
