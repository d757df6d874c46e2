"""The training loop: fairness of the comparison, honest metrics, reproducibility, events."""

import json
import sys
import threading
import time

import numpy as np
import pytest
import torch
from torch import nn

from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import NetworkSpec, parse_event
from dropout_lab.engine.experiment import comparison_networks, run_comparison, run_networks
from dropout_lab.engine.optim import FlatAdam
from dropout_lab.engine.training import MAX_PENDING, MIN_PENDING, Trainer, pending_limit

SMALL = dict(n_samples=120, layers=2, neurons=24, epochs=12, snapshot_every=5, grid_size=12)


def _epochs(events, network):
    return [e for e in events if e.type == "epoch_finished" and e.network == network]


def _net(name, dropout=0.0, seed=0, weight_decay=0.0):
    return NetworkSpec(name=name, dropout=dropout, weight_decay=weight_decay, seed=seed)


def test_both_networks_start_from_identical_weights_and_see_identical_batches():
    config = make_config(SMALL, dropout=0.5)
    trainer = Trainer(config, comparison_networks(config))
    for p in trainer.model.parameters:
        assert torch.equal(p[0], p[1])
    seen = []
    forward = trainer.model.forward
    trainer.model.forward = lambda X, *a, **kw: (seen.append(X.clone()), forward(X, *a, **kw))[1]
    trainer._train_epoch([torch.Generator().manual_seed(1)])
    assert len(seen) == 2  # 60 training points, batch 32
    for X in seen:
        assert torch.equal(X[0], X[1])
    assert not torch.equal(seen[0][0], trainer.data.X_train[0, :32])  # and they are shuffled


def test_twins_without_dropout_train_identically():
    # same seed, no dropout: nothing may differ -- not data, init, batches nor the optimiser
    events = list(run_networks(make_config(SMALL), [_net("a"), _net("b")]))
    a, b = _epochs(events, "a"), _epochs(events, "b")
    assert [e.val_loss for e in a] == [e.val_loss for e in b]


def test_same_seed_gives_identical_history_and_another_seed_does_not():
    def history(seed):
        return [
            (e.network, e.train_loss, e.val_loss)
            for e in run_comparison(make_config(SMALL, dropout=0.3, seed=seed))
            if e.type == "epoch_finished"
        ]

    assert history(4) == history(4)
    assert history(4) != history(5)


def test_stacked_training_equals_separate_runs_in_float64():
    config = make_config(SMALL, epochs=15, weight_decay=0.0)
    nets = [
        _net("base"),
        _net("drop", dropout=0.5),
        _net("decay", weight_decay=0.01),
        _net("other", 0.2, seed=3),
    ]
    together = list(run_networks(config, nets, dtype=torch.float64))
    for net in nets:
        alone = list(run_networks(config, [net], dtype=torch.float64))
        a, t = _epochs(alone, net.name), _epochs(together, net.name)
        assert len(a) == len(t) == 15
        np.testing.assert_allclose([e.val_loss for e in a], [e.val_loss for e in t], rtol=1e-9)
        np.testing.assert_allclose([e.train_loss for e in a], [e.train_loss for e in t], rtol=1e-9)


def test_gap_uses_eval_mode_training_loss_not_the_running_batch_loss():
    config = make_config(SMALL, dropout=0.5, epochs=30)
    trainer = Trainer(config, comparison_networks(config))
    events = list(trainer.events())
    last = _epochs(events, "dropout")[-1]
    module = trainer.model.to_torch_module(1, dropout=0.5).eval()
    X_train, y_train = (torch.from_numpy(a) for a in trainer.data.splits[0][:2])
    with torch.no_grad():
        eval_loss = nn.functional.cross_entropy(module(X_train), y_train).item()
    assert abs(last.train_loss - eval_loss) < 1e-5
    assert abs(last.gap - (last.val_loss - last.train_loss)) < 1e-12
    assert last.batch_loss > last.train_loss  # thinned networks fit worse: the running loss is not the gap's


def test_flat_adam_matches_torch_adam_step_for_step():
    torch.manual_seed(0)
    p1 = torch.randn(50, dtype=torch.float64)
    p2 = p1.clone().requires_grad_(False)
    grad = torch.zeros_like(p1)
    ours = FlatAdam(p1, grad, lr=0.01)
    p2.grad = torch.zeros_like(p2)
    theirs = torch.optim.Adam([p2], lr=0.01)
    for _ in range(20):
        g = torch.randn(50, dtype=torch.float64)
        grad.copy_(g)
        p2.grad.copy_(g)
        ours.step()
        theirs.step()
    torch.testing.assert_close(p1, p2, rtol=1e-12, atol=1e-14)


def test_events_come_in_order_and_survive_json():
    config = make_config(SMALL, dropout=0.5)
    events = list(run_comparison(config))
    assert events[0].type == "run_started" and events[-1].type == "run_finished"
    assert [n.name for n in events[0].networks] == ["baseline", "dropout"]
    epochs = [(e.epoch, e.network) for e in events if e.type == "epoch_finished"]
    assert epochs == [(ep, n) for ep in range(1, 13) for n in ("baseline", "dropout")]
    snaps = [(e.epoch, e.network) for e in events if e.type == "boundary_snapshot"]
    assert snaps == [(ep, n) for ep in (5, 10, 12) for n in ("baseline", "dropout")]
    for e in events:
        assert parse_event(json.loads(json.dumps(e.model_dump()))) == e
    snap = next(e for e in events if e.type == "boundary_snapshot")
    assert len(snap.probs) == 12 * 12 and all(0 <= p <= 1 for p in snap.probs)
    started = events[0]
    assert len(started.data[0].X_train) == 60 and len(started.data[0].X_val) == 60


def test_every_event_carries_the_run_id_it_was_given():
    events = list(run_comparison(make_config(SMALL, epochs=2, dropout=0.5), run_id="run-42"))
    assert {e.run_id for e in events} == {"run-42"}


def test_summary_reports_final_metrics_best_epoch_and_differences():
    events = list(run_comparison(make_config(SMALL, dropout=0.5)))
    finished = events[-1]
    for s in finished.summary:
        history = _epochs(events, s.network)
        assert s.val_loss == history[-1].val_loss and s.train_loss == history[-1].train_loss
        best = min(history, key=lambda e: e.val_loss)
        assert (s.best_epoch, s.best_val_loss) == (best.epoch, best.val_loss)
    base, drop = finished.summary
    assert finished.differences["dropout"]["val_loss"] == drop.val_loss - base.val_loss


def test_should_stop_ends_the_run_at_its_newest_evaluated_epoch_with_a_final_snapshot():
    seen = []

    def should_stop():
        return any(e.type == "epoch_finished" and e.epoch >= 3 for e in seen)

    for event in run_comparison(make_config(SMALL, dropout=0.5, epochs=2000), should_stop=should_stop):
        seen.append(event)
    finished = seen[-1]
    assert finished.type == "run_finished" and finished.stopped
    last = finished.summary[0].epochs_run
    assert 3 <= last <= 3 + MAX_PENDING + 1  # training may run a few epochs ahead of evaluation
    for net in ("baseline", "dropout"):
        assert [e.epoch for e in _epochs(seen, net)] == list(range(1, last + 1))
    snapshots = [e for e in seen if e.type == "boundary_snapshot"]
    assert {e.epoch for e in snapshots[-2:]} == {last}  # the maps show the last epoch of the record


def test_a_stop_inside_the_first_epoch_ends_the_run_without_waiting_for_the_epoch():
    calls = []
    config = make_config(SMALL, n_samples=2000, batch_size=1, epochs=5)  # 1000 steps per epoch
    events = list(run_comparison(config, should_stop=lambda: calls.append(1) or len(calls) > 5))
    assert len(calls) == 6  # polled before every mini-batch, not once per epoch
    finished = events[-1]
    assert finished.type == "run_finished" and finished.stopped
    assert finished.summary == [] and finished.differences == {}
    assert [e.type for e in events] == ["run_started", "run_finished"]


def _eval_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("dropout-lab-eval")}


def test_closing_the_stream_stops_evaluation_at_once_and_leaves_no_thread_behind():
    before = _eval_threads()  # another test's unclosed stream is not this one's
    # A map every epoch on a large grid keeps the evaluation thread busy when the stream is closed.
    stream = run_comparison(make_config(SMALL, epochs=2000, snapshot_every=1, grid_size=300, dropout=0.5))
    for event in stream:
        if event.type == "epoch_finished" and event.epoch == 2:
            break
    assert _eval_threads() - before  # evaluation runs in its own thread ...
    # Keep the GIL on this thread from close() to the check: a thread that is only about to end (its
    # pool dropped, not joined) is still seen alive; only a join inside close() lets it finish first.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    try:
        t0 = time.monotonic()
        stream.close()
        elapsed = time.monotonic() - t0
        left = _eval_threads() - before  # ... which is gone when close() returns
    finally:
        sys.setswitchinterval(switch)
    assert elapsed < 1.0
    assert left == set()


def test_a_failure_becomes_a_run_failed_event():
    config = make_config(SMALL)
    X = np.zeros((40, 2), dtype=np.float32)
    y = np.array([0, 1] * 20)
    trainer = Trainer(config, comparison_networks(config), data=(X, y))
    trainer._train_epoch = lambda shuffles, should_stop: (_ for _ in ()).throw(RuntimeError("boom"))
    events = list(trainer.events())
    assert events[-1].type == "run_failed" and events[-1].reason == "RuntimeError: boom"


def test_user_data_replaces_the_generated_dataset():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64)
    started = next(iter(run_comparison(make_config(SMALL), data=(X, y))))
    split = started.data[0]
    got = np.array(split.X_train + split.X_val, dtype=np.float32)
    assert sorted(map(tuple, got)) == sorted(map(tuple, X))


def test_dropout_mask_events_show_the_units_dropped_at_the_last_step():
    # p = 0.2: about 80% kept, so kept and dropped flags cannot be confused (at p = 0.5 they could).
    config = make_config(SMALL, dropout=0.2, neurons=24)
    trainer = Trainer(config, comparison_networks(config))
    drawn: list[list[torch.Tensor]] = []  # the multipliers each training step's forward pass used
    last_of_epoch: list[list[torch.Tensor]] = []
    forward, train_epoch = trainer.model.forward, trainer._train_epoch

    def recording_forward(X, multipliers=None, weights=None):
        drawn.append([m.clone() for m in multipliers])
        return forward(X, multipliers, weights)

    def recording_epoch(shuffles, should_stop=None):
        loss = train_epoch(shuffles, should_stop)
        last_of_epoch.append(drawn[-1])
        return loss

    trainer.model.forward, trainer._train_epoch = recording_forward, recording_epoch
    masks = [e for e in trainer.events() if e.type == "dropout_mask"]
    assert [m.epoch for m in masks] == list(range(1, 13))  # one per epoch, for the dropout network only
    assert {m.network for m in masks} == {"dropout"}
    for event, used in zip(masks, last_of_epoch, strict=True):
        assert event.p == 0.2 and event.scale == pytest.approx(1.25)
        assert len(event.kept) == 2 and all(len(layer) == 16 for layer in event.kept)  # first 16 units
        # member 1 (dropout), first example of the batch: kept where the multiplier is 1/(1-p)
        assert event.kept == [(layer[1, 0, :16] != 0).tolist() for layer in used]
        assert set(torch.cat([layer[1, 0] for layer in used]).tolist()) <= {0.0, 1.25}
    flags = [f for m in masks for layer in m.kept for f in layer]
    assert 0.7 < sum(flags) / len(flags) < 0.9  # about 80% kept (384 flags: sd of the share ~0.02)


def test_training_uses_one_intra_op_thread_and_restores_the_setting():
    before = torch.get_num_threads()
    torch.set_num_threads(2)  # whatever earlier tests left, start from a setting the engine must change
    seen = []
    stream = run_comparison(make_config(SMALL))
    for event in stream:
        seen.append(torch.get_num_threads())
        if event.type == "epoch_finished":
            break
    assert seen[-1] == 1
    stream.close()
    assert torch.get_num_threads() == 2
    torch.set_num_threads(before)


def test_small_networks_may_queue_more_epochs_for_evaluation_than_big_ones():
    # The demo pair's weights (2 x 4 x 128, float32, ~0.4 MB a copy) may run MAX_PENDING epochs ahead of
    # evaluation (a boundary map costs several epochs); 2 x 4 x 512 (~6 MB a copy) keeps the minimum.
    pair = Trainer(make_config(layers=4, neurons=128), comparison_networks(make_config(dropout=0.5)))
    big = Trainer(
        make_config(layers=4, neurons=512, dropout=0.5), comparison_networks(make_config(dropout=0.5))
    )
    copy = [t.model.flat.numel() * t.model.flat.element_size() for t in (pair, big)]
    assert [pending_limit(c) for c in copy] == [MAX_PENDING, MIN_PENDING]
    assert MIN_PENDING < pending_limit(copy[0] * 3) < MAX_PENDING  # in between: as many as fit
