"""The hand-written stacked MLP against PyTorch's own modules and autograd."""

import pytest
import torch
from torch import nn

from dropout_lab.engine.dropout import DropoutMasks
from dropout_lab.engine.network import StackedMLP


def _autograd_loss(model: StackedMLP, X, y, masks):
    """The same network written with autograd on copies of the parameters: (loss, param copies)."""
    params = [p.detach().clone().requires_grad_(True) for p in model.parameters]
    W, b = params[0::2], params[1::2]
    act = {"relu": torch.relu, "tanh": torch.tanh, "gelu": nn.functional.gelu}[model.activation]
    a = X
    for l in range(model.layers):
        a = act(torch.baddbmm(b[l], a, W[l])) * masks[l]
    logits = torch.baddbmm(b[-1], a, W[-1])
    per_model = [nn.functional.cross_entropy(logits[k], y[k]) for k in range(model.n_models)]
    return sum(per_model), params


@pytest.mark.parametrize("activation", ["relu", "tanh", "gelu"])
def test_forward_and_backward_match_autograd(activation):
    torch.manual_seed(0)
    model = StackedMLP([1, 2, 3], layers=3, neurons=16, activation=activation, dtype=torch.float64)
    X = torch.randn(3, 20, 2, dtype=torch.float64)
    y = torch.randint(0, 2, (3, 20))
    masks = DropoutMasks([0.0, 0.5, 0.3], [1, 2, 3], layers=3, neurons=16, max_rows=20, dtype=torch.float64)
    mult = [m.clone() for m in masks.sample(20)]

    logits, cache = model.forward(X, mult)
    target = nn.functional.one_hot(y, 2).double()
    grads = model.backward(cache, (torch.softmax(logits, -1) - target) / 20)

    loss, params = _autograd_loss(model, X, y, mult)
    loss.backward()
    for ours, theirs in zip(grads, params, strict=True):
        torch.testing.assert_close(ours, theirs.grad, rtol=1e-10, atol=1e-12)


def test_to_torch_module_computes_the_same_eval_function():
    model = StackedMLP([5, 6], layers=2, neurons=8, dtype=torch.float64)
    X = torch.randn(50, 2, dtype=torch.float64)
    probs = model.predict_proba(X)
    for k in range(2):
        module = model.to_torch_module(k, dropout=0.5).eval()
        expected = torch.softmax(module(X), dim=-1)[:, 1]
        torch.testing.assert_close(probs[k], expected)


def test_dropout_is_identity_in_eval_mode():
    module = StackedMLP([0], layers=2, neurons=32, dtype=torch.float64).to_torch_module(0, dropout=0.5)
    X = torch.randn(100, 2, dtype=torch.float64)
    module.eval()
    first, second = module(X), module(X)
    torch.testing.assert_close(first, second)  # no randomness at inference
    plain = nn.Sequential(*[m for m in module if not isinstance(m, nn.Dropout)])
    torch.testing.assert_close(first, plain(X))  # and exactly the network without the dropout layers
    module.train()
    assert not torch.allclose(module(X), first)  # while train mode really drops units


def test_members_with_the_same_seed_start_from_identical_weights():
    model = StackedMLP([7, 7, 8], layers=2, neurons=8)
    for p in model.parameters:
        assert torch.equal(p[0], p[1])
        assert not torch.equal(p[0], p[2])


def test_initialisation_follows_nn_linear_bounds():
    model = StackedMLP([0], layers=2, neurons=64)
    for l, W in enumerate(model.weights):
        bound = 1 / W.shape[1] ** 0.5
        assert W.abs().max() <= bound
        assert W.abs().max() > 0.9 * bound  # uses the whole range, not a narrower one
        assert model.biases[l].abs().max() <= bound
