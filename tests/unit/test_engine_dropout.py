"""Dropout semantics: p is the DROP probability; kept units are scaled by 1/(1-p) in training."""

import pytest
import torch

from dropout_lab.engine.dropout import DropoutMasks


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8, 0.9])
def test_train_mode_zeroes_about_p_of_units_and_scales_survivors(p):
    masks = DropoutMasks([p], [3], layers=2, neurons=256, max_rows=400)
    layers = masks.sample(400)
    assert len(layers) == 2
    for m in layers:
        zero_share = (m == 0).double().mean().item()
        assert abs(zero_share - p) < 0.01  # 102,400 draws: sd of the share is ~0.0016
        survivors = m[m != 0]
        torch.testing.assert_close(survivors, torch.full_like(survivors, 1 / (1 - p)))
        assert abs(m.double().mean().item() - 1.0) < 0.03  # expected activation unchanged


def test_a_network_without_dropout_gets_no_masks_and_its_twin_gets_fresh_ones_each_step():
    masks = DropoutMasks([0.0, 0.5], [1, 1], layers=1, neurons=64, max_rows=32)
    first = masks.sample(32)[0].clone()
    second = masks.sample(32)[0].clone()
    assert torch.equal(first[0], torch.ones(32, 64))  # baseline: identity multiplier
    assert not torch.equal(first[1], second[1])
    assert DropoutMasks([0.0, 0.0], [1, 2], layers=1, neurons=8, max_rows=4).sample(4) is None


def test_a_networks_masks_do_not_depend_on_what_it_is_stacked_with():
    alone = DropoutMasks([0.3], [9], layers=2, neurons=16, max_rows=8)
    stacked = DropoutMasks([0.5, 0.3, 0.0], [4, 9, 9], layers=2, neurons=16, max_rows=8)
    for rows in (8, 8, 3):  # the last, shorter batch included
        a, s = alone.sample(rows), stacked.sample(rows)
        for la, ls in zip(a, s, strict=True):
            assert torch.equal(la[0], ls[1])


def test_masks_are_reproducible_from_the_seed():
    a = DropoutMasks([0.5], [11], layers=1, neurons=32, max_rows=16).sample(16)[0]
    b = DropoutMasks([0.5], [11], layers=1, neurons=32, max_rows=16).sample(16)[0]
    c = DropoutMasks([0.5], [12], layers=1, neurons=32, max_rows=16).sample(16)[0]
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_masks_do_not_depend_on_how_many_steps_are_drawn_at_once():
    capped = DropoutMasks([0.5, 0.0], [5, 5], layers=2, neurons=16, max_rows=8, max_steps=2)
    free = DropoutMasks([0.5, 0.0], [5, 5], layers=2, neurons=16, max_rows=8)
    assert capped.chunk_steps == 2 < free.chunk_steps
    for a, b in zip(capped.steps(5, 8), free.steps(5, 8), strict=True):
        for la, lb in zip(a, b, strict=True):
            assert torch.equal(la, lb)


def test_mask_buffers_are_held_only_with_dropout_and_only_until_released():
    def held(masks):
        return masks.buffer.untyped_storage().nbytes() + masks.bits.untyped_storage().nbytes()

    assert held(DropoutMasks([0.0, 0.0], [1, 2], layers=2, neurons=64, max_rows=32)) == 0
    masks = DropoutMasks([0.5], [1], layers=2, neurons=64, max_rows=32, max_steps=3)
    assert held(masks) == 3 * 2 * 32 * 64 * (4 + 2)  # 3 steps of float multipliers and 16-bit draws
    masks.release()
    assert held(masks) == 0
