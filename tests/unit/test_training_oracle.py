"""An oracle for training: in float64 the engine matches a plain nn.Sequential + torch.optim loop.

The reference starts from the engine's initial weights, takes the engine's mini-batches (looked up by
point, so they must be real training points) and the dropout masks its forward pass used, and does
everything else the textbook way: autograd, mean cross-entropy, torch.optim.Adam/SGD with their own
coupled `weight_decay`. After training, weights and every reported metric must agree to float64
round-off -- as micrograd checks itself against PyTorch.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from torch import nn

from dropout_lab.engine.config import TrainConfig, make_config
from dropout_lab.engine.events import BoundarySnapshot, EpochFinished, NetworkSpec
from dropout_lab.engine.training import Trainer

EPOCHS = 4
NETWORKS = [  # a stacked pair: the plain member and its dropout twin, with the same seed
    NetworkSpec(name="plain", dropout=0.0, weight_decay=0.0, seed=5),
    NetworkSpec(name="dropout", dropout=0.3, weight_decay=0.0, seed=5),
]


class Mask(nn.Module):
    """Multiplies its input by `mask`, set before each step (the engine's mask for that step)."""

    def __init__(self) -> None:
        super().__init__()
        self.mask: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x if self.mask is None else x * self.mask


def reference_network(trainer: Trainer, k: int) -> tuple[nn.Sequential, list[Mask]]:
    """Member k as Linear, activation, Mask per hidden layer, with the engine's initial weights."""
    copy = trainer.model.to_torch_module(k)
    modules: list[nn.Module] = []
    masks = []
    for module in copy:
        if isinstance(module, nn.Dropout):
            masks.append(Mask())
            modules.append(masks[-1])
        else:
            modules.append(module)
    return nn.Sequential(*modules), masks


def reference_optimizer(config: TrainConfig, params, weight_decay: float) -> torch.optim.Optimizer:
    if config.optimizer == "adam":
        return torch.optim.Adam(params, lr=config.lr, weight_decay=weight_decay)
    return torch.optim.SGD(params, lr=config.lr, momentum=config.momentum, weight_decay=weight_decay)


def loss_and_accuracy(net: nn.Module, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    with torch.no_grad():
        logits, target = net(torch.from_numpy(X).double()), torch.from_numpy(y)
        loss = nn.functional.cross_entropy(logits, target).item()
        return loss, (logits.argmax(1) == target).double().mean().item()


@pytest.fixture(autouse=True)
def one_thread():
    """The reference's tiny ops on one intra-op thread: on two busy cores, two threads cost 100x more."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


CASES = list(itertools.product(["adam", "sgd"], [0.0, 0.01], ["relu", "tanh", "gelu"], [16, 0]))


@pytest.mark.parametrize(("optimizer", "weight_decay", "activation", "batch_size"), CASES)
def test_the_engine_trains_exactly_as_a_plain_pytorch_loop(optimizer, weight_decay, activation, batch_size):
    config = make_config(
        n_samples=90, layers=2, neurons=12, epochs=EPOCHS, activation=activation, optimizer=optimizer,
        lr=0.03, batch_size=batch_size, snapshot_every=1, grid_size=10, seed=5,
    )  # fmt: skip
    nets = [n.model_copy(update={"weight_decay": weight_decay}) for n in NETWORKS]
    trainer = Trainer(config, nets, dtype=torch.float64)
    references = [reference_network(trainer, k) for k in range(len(nets))]

    steps: list[tuple[torch.Tensor, list[torch.Tensor] | None]] = []  # (X (K, B, 2), masks per layer)
    forward, train_epoch = trainer.model.forward, trainer._train_epoch
    epoch_ends: list[int] = []

    def recording_forward(X, multipliers=None, weights=None):
        steps.append((X.clone(), None if multipliers is None else [m.clone() for m in multipliers]))
        return forward(X, multipliers, weights)

    def recording_epoch(shuffles, should_stop=None):
        loss = train_epoch(shuffles, should_stop)
        epoch_ends.append(len(steps))
        return loss

    trainer.model.forward, trainer._train_epoch = recording_forward, recording_epoch
    all_events = list(trainer.events())
    events = [e for e in all_events if isinstance(e, EpochFinished)]
    maps = {(e.network, e.epoch): e.probs for e in all_events if isinstance(e, BoundarySnapshot)}
    grid = trainer.data.grid  # the map's points, row-major from (x_min, y_min)
    assert len(events) == EPOCHS * len(nets)

    X_train, y_train, X_val, y_val = trainer.data.splits[0]
    n = len(y_train)
    per_epoch = -(-n // batch_size) if batch_size else 1
    assert epoch_ends == [per_epoch * (e + 1) for e in range(EPOCHS)]  # 45 points: a short last batch
    label = {tuple(x): int(c) for x, c in zip(X_train.astype(np.float64).tolist(), y_train, strict=True)}

    for k, (net, (module, masks)) in enumerate(zip(nets, references, strict=True)):
        optim = reference_optimizer(config, module.parameters(), net.weight_decay)
        start = 0
        for epoch, end in enumerate(epoch_ends, start=1):
            loss_sum = 0.0
            seen = []
            for X, multipliers in steps[start:end]:
                xb = X[k]
                yb = torch.tensor([label[tuple(x)] for x in xb.tolist()])  # KeyError: not a training point
                seen += xb.tolist()
                for mask, m in zip(masks, multipliers or [None] * len(masks), strict=True):
                    mask.mask = None if m is None else m[k]
                module.train()
                loss = nn.functional.cross_entropy(module(xb), yb)
                optim.zero_grad()
                loss.backward()
                optim.step()
                loss_sum += loss.item() * len(yb)
            start = end
            assert sorted(seen) == sorted(X_train.astype(np.float64).tolist())  # each point once an epoch
            for mask in masks:
                mask.mask = None
            module.eval()
            ours = next(e for e in events if e.network == net.name and e.epoch == epoch)
            assert ours.batch_loss == pytest.approx(loss_sum / n, rel=1e-10)
            train_loss, train_acc = loss_and_accuracy(module, X_train, y_train)
            val_loss, val_acc = loss_and_accuracy(module, X_val, y_val)
            assert ours.train_loss == pytest.approx(train_loss, rel=1e-10)
            assert ours.val_loss == pytest.approx(val_loss, rel=1e-10)
            assert (ours.train_acc, ours.val_acc) == pytest.approx((train_acc, val_acc), rel=1e-12)
            with torch.no_grad():  # this epoch's map: the weights after this epoch, not later ones
                expected = torch.softmax(module(grid), dim=1)[:, 1].numpy()
            np.testing.assert_allclose(maps[net.name, epoch], expected, atol=5e-4 + 1e-9)
        engine_final = trainer.model.to_torch_module(k)
        for ours, theirs in zip(engine_final.parameters(), module.parameters(), strict=True):
            torch.testing.assert_close(ours, theirs.detach(), rtol=1e-10, atol=1e-12)
    # the masks were real: the dropout member had units switched off, the plain one none
    drawn = [m for _, ms in steps for m in (ms or [])]
    assert all(torch.all(m[0] == 1) for m in drawn)
    assert any(torch.any(m[1] == 0) for m in drawn)
