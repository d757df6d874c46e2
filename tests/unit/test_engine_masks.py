"""Masks drawn an epoch at a time: same stream as one step at a time, p per member, independent members."""

import math

import pytest
import torch
from torch import Tensor

from dropout_lab.engine import dropout
from dropout_lab.engine.dropout import MASK_STREAM, DropoutMasks

RATES = [0.0, 0.1, 0.5, 0.9, 0.3]
SEEDS = [4, 4, 7, 8, 9]


def one_step_reference(seed: int, p: float, steps: list[int], layers: int, neurons: int) -> list[Tensor]:
    """Member masks drawn step by step from the member's own generator: (layers, rows, neurons) per step."""
    gen = torch.Generator().manual_seed(seed * 1_000_003 + MASK_STREAM)
    threshold = round((1.0 - p) * 65536) - 32769
    out = []
    for rows in steps:
        n = rows * neurons
        bits = torch.randint(-(2**63), 2**63 - 1, (layers, -(-n // 4)), generator=gen, dtype=torch.int64)
        keep = bits.view(torch.int16)[:, :n] <= threshold
        out.append(keep.view(layers, rows, neurons).to(torch.float32) / (1.0 - p))
    return out


def drawn(masks: DropoutMasks, plan: list[tuple[int, int]]) -> list[Tensor]:
    """All steps of `plan` ((n_steps, rows), ...) as (K, layers, rows, neurons) copies."""
    steps = []
    for n_steps, rows in plan:
        for multipliers in masks.steps(n_steps, rows):
            steps.append(torch.stack(multipliers, dim=1).clone())
    return steps


@pytest.mark.parametrize("chunk_elements", [1, 5000, 1 << 21])
def test_each_members_masks_are_its_own_step_by_step_stream_however_steps_are_chunked(
    monkeypatch, chunk_elements
):
    monkeypatch.setattr(dropout, "CHUNK_ELEMENTS", chunk_elements)
    masks = DropoutMasks(RATES, SEEDS, layers=2, neurons=6, max_rows=5)
    plan = [(4, 5), (1, 3), (4, 5), (1, 3)]  # two epochs of 23 points in batches of 5
    got = drawn(masks, plan)
    rows = [r for n, r in plan for _ in range(n)]
    for k, (p, seed) in enumerate(zip(RATES, SEEDS, strict=True)):
        if p == 0:
            assert all(torch.equal(step[k], torch.ones_like(step[k])) for step in got)
            continue
        expected = one_step_reference(seed, p, rows, 2, 6)
        for step, want in zip(got, expected, strict=True):
            torch.testing.assert_close(step[k], want, rtol=0, atol=1e-6)


def test_a_members_masks_do_not_depend_on_the_members_stacked_with_it():
    alone = drawn(DropoutMasks([0.5], [7], layers=3, neurons=16, max_rows=32), [(6, 32), (1, 8)])
    many = DropoutMasks([0.2] * 40 + [0.5], list(range(40)) + [7], layers=3, neurons=16, max_rows=32)
    stacked = drawn(many, [(6, 32), (1, 8)])
    for a, s in zip(alone, stacked, strict=True):
        assert torch.equal(a[0], s[40])


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.9])
def test_every_stacked_member_drops_each_unit_with_probability_p(p):
    # 8 members of one rate, 12 steps x 2 layers x 32 rows x 64 units each: 49,152 draws per member.
    masks = DropoutMasks([p] * 8, list(range(8)), layers=2, neurons=64, max_rows=32)
    steps = torch.stack(drawn(masks, [(12, 32)]))  # (steps, K, layers, rows, neurons)
    dropped = (steps == 0).double().mean(dim=(0, 2, 3, 4))  # per member
    n = steps[:, 0].numel()
    sd = math.sqrt(p * (1 - p) / n)
    assert torch.all((dropped - p).abs() < 5 * sd), (dropped, p)
    survivors = steps[steps != 0]
    torch.testing.assert_close(survivors, torch.full_like(survivors, 1 / (1 - p)))


def test_units_rows_and_layers_are_dropped_independently():
    # 0.5: pairs of neighbouring units, of rows and of layers agree about half the time, not more.
    masks = DropoutMasks([0.5], [3], layers=2, neurons=64, max_rows=32)
    kept = torch.stack(drawn(masks, [(20, 32)]))[:, 0] != 0  # (steps, layers, rows, neurons)
    for a, b in [
        (kept[..., 1:], kept[..., :-1]),
        (kept[:, :, 1:], kept[:, :, :-1]),
        (kept[:, 1], kept[:, 0]),
        (kept[1:], kept[:-1]),
    ]:
        agree = (a == b).double().mean().item()
        assert abs(agree - 0.5) < 5 * math.sqrt(0.25 / a.numel())


def test_sample_is_one_step_and_no_dropout_gives_no_masks():
    masks = DropoutMasks([0.5, 0.0], [1, 1], layers=1, neurons=8, max_rows=4)
    first, second = masks.sample(4), masks.sample(4)
    assert first is not None and second is not None and first[0].shape == (2, 4, 8)
    assert DropoutMasks([0.0], [1], layers=2, neurons=8, max_rows=4).sample(4) is None
    assert list(DropoutMasks([0.0], [1], layers=2, neurons=8, max_rows=4).steps(3, 4)) == [None] * 3
