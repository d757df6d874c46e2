"""Eval-mode metrics and maps, computed the fast way, against PyTorch's own modules and loss."""

import pytest
import torch
from torch import nn

from dropout_lab.engine import evaluation
from dropout_lab.engine.evaluation import Evaluator, grid_points
from dropout_lab.engine.network import StackedMLP


def evaluator(model: StackedMLP, X_all, y_all, n_train: int) -> Evaluator:
    return Evaluator(
        model,
        [],
        run_id="test",
        X_all=X_all,
        y_all=y_all,
        n_train=n_train,
        grid=grid_points((-1, 1, -1, 1), 4, X_all.dtype),
        grid_size=4,
        extent=(-1, 1, -1, 1),
    )


@pytest.mark.parametrize("block_elements", [1, 40 * 16, 1 << 18])  # one row, several rows, all rows
def test_metrics_are_cross_entropy_and_accuracy_of_each_member_on_each_set(monkeypatch, block_elements):
    monkeypatch.setattr(evaluation, "METRIC_BLOCK_ELEMENTS", block_elements)
    torch.manual_seed(1)
    model = StackedMLP([3, 4, 5], layers=2, neurons=16, dtype=torch.float64)
    X_all = torch.randn(3, 30, 2, dtype=torch.float64) * 2
    y_all = torch.randint(0, 2, (3, 30))
    n = 18
    got = evaluator(model, X_all, y_all, n).metrics(model.flat.clone())
    for k in range(3):
        module = model.to_torch_module(k, dropout=0.5).eval()
        logits = module(X_all[k])
        for rows, loss_row, acc_row in ((slice(0, n), 0, 2), (slice(n, None), 1, 3)):
            expected_loss = nn.functional.cross_entropy(logits[rows], y_all[k, rows])
            expected_acc = (logits[rows].argmax(1) == y_all[k, rows]).double().mean()
            torch.testing.assert_close(got[loss_row, k], expected_loss, rtol=1e-12, atol=1e-12)
            torch.testing.assert_close(got[acc_row, k], expected_acc)


def test_a_tie_between_the_logits_predicts_class_0_as_argmax_does():
    model = StackedMLP([0], layers=1, neurons=4, dtype=torch.float64)
    model.weights[-1].zero_()
    model.biases[-1].zero_()  # both logits 0 everywhere: loss log 2, prediction class 0
    y_all = torch.tensor([[0, 0, 1, 1, 1, 0]])
    got = evaluator(model, torch.randn(1, 6, 2, dtype=torch.float64), y_all, 3).metrics(model.flat.clone())
    torch.testing.assert_close(got[:2, 0], torch.full((2,), 0.6931471805599453, dtype=torch.float64))
    assert got[2, 0].item() == pytest.approx(2 / 3) and got[3, 0].item() == pytest.approx(1 / 3)


def test_margin_is_the_logit_difference_and_maps_are_its_sigmoid():
    torch.manual_seed(2)
    model = StackedMLP([7, 8], layers=3, neurons=8, dtype=torch.float64)
    X = torch.randn(2, 25, 2, dtype=torch.float64)
    logits = model.logits(X)
    torch.testing.assert_close(model.margin(X), logits[..., 1] - logits[..., 0])
    grid = torch.randn(25, 2, dtype=torch.float64)
    shared = model.predict_proba(grid, block=7)  # blocks that do not divide the rows
    for k in range(2):
        expected = torch.softmax(model.to_torch_module(k).eval()(grid), dim=-1)[:, 1]
        torch.testing.assert_close(shared[k], expected)
