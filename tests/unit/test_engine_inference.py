"""Inference paths of the stacked MLP agree with training's forward pass and with plain PyTorch."""

from __future__ import annotations

import torch

from dropout_lab.engine.network import StackedMLP


def model(layers: int = 3) -> StackedMLP:
    return StackedMLP([3, 4], layers=layers, neurons=8, activation="tanh", dtype=torch.float64)


def test_logits_equal_the_training_forward_pass_with_and_without_multipliers():
    net = model()
    X = torch.randn(2, 30, 2, dtype=torch.float64)
    torch.testing.assert_close(net.logits(X), net.forward(X)[0])
    # knock-out style multipliers: 0 (unit off) and 2 (a survivor of p = 0.5), per layer
    gen = torch.Generator().manual_seed(0)
    masks = [torch.randint(0, 2, (2, 30, 8), generator=gen).double() * 2 for _ in range(3)]
    torch.testing.assert_close(net.logits(X, masks), net.forward(X, masks)[0])
    assert not torch.allclose(net.logits(X, masks), net.logits(X))


def test_logits_and_probabilities_use_the_weights_they_are_given():
    net, other = model(), StackedMLP([7, 8], layers=3, neurons=8, activation="tanh", dtype=torch.float64)
    X = torch.randn(2, 30, 2, dtype=torch.float64)
    torch.testing.assert_close(net.logits(X, weights=other.parameters), other.logits(X))
    grid = torch.randn(50, 2, dtype=torch.float64)
    torch.testing.assert_close(net.predict_proba(grid, weights=other.parameters), other.predict_proba(grid))


def test_probabilities_over_many_blocks_match_each_member_as_a_torch_module():
    net = model(layers=3)
    grid = torch.randn(3000, 2, dtype=torch.float64)  # three blocks of 1024 rows, the last one short
    probs = net.predict_proba(grid)
    for k in range(2):
        with torch.no_grad():
            expected = torch.softmax(net.to_torch_module(k).eval()(grid), dim=1)[:, 1]
        torch.testing.assert_close(probs[k], expected)
