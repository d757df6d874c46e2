"""The one rule behind every claimed difference: a paired t-interval over seeds, a display floor."""

from __future__ import annotations

import math

import pytest

from dropout_lab.engine.insights.stats import compare, compare_independent, t_quantile
from dropout_lab.engine.insights.wording import pct, ranges


def test_a_consistent_paired_difference_is_clear_and_a_noisy_one_is_not():
    base = [0.30, 0.25, 0.40, 0.20, 0.35]  # seeds differ a lot ...
    shifted = [b + 0.05 + e for b, e in zip(base, [0.004, -0.003, 0.002, -0.002, 0.001], strict=True)]
    d = compare(shifted, base)  # ... but the pairing removes that: +0.05 in every seed
    assert d.clear and d.sign == 1 and d.n_above == 5 and d.n_below == 0
    assert d.mean == pytest.approx(0.0504) and d.se is not None and d.se < 0.002
    noisy = [b + e for b, e in zip(base, [0.06, -0.05, 0.04, -0.03, 0.01], strict=True)]
    n = compare(noisy, base)
    assert not n.clear and n.sign == 0 and n.n_above == 3


def test_the_rule_is_the_95_percent_t_interval_of_the_mean_difference():
    # differences 0, 1, 1, 2: mean 1, se 0.408, t(3) = 3.182 -> half-width 1.30 > 1: not clear
    assert not compare([0.0, 1.0, 1.0, 2.0], [0.0, 0.0, 0.0, 0.0]).clear
    d = compare([2.0, 3.0, 2.5, 2.5], [0.0, 0.0, 0.0, 0.0])  # mean 2.5, se 0.204: clear
    assert d.clear and d.se == pytest.approx(math.sqrt(1 / 6) / 2)
    assert t_quantile(4) == pytest.approx(2.776) and t_quantile(100) == 1.96
    assert t_quantile(0) == math.inf


def test_one_seed_never_makes_a_difference_clear():
    d = compare([0.9], [0.1])
    assert d.se is None and not d.clear and d.n == 1


def test_a_difference_below_the_shown_precision_is_never_clear():
    a, b = [0.3652, 0.3701, 0.3589], [0.3650, 0.3699, 0.3587]  # +0.0002 in every seed: "0.365 vs 0.365"
    assert compare(a, b).clear  # statistically consistent ...
    assert not compare(a, b, floor=0.001).clear  # ... but not a difference the sentence could show


def test_unpaired_groups_use_welchs_standard_error():
    d = compare_independent([1.0, 1.2, 0.8], [0.0, 0.1, -0.1])
    assert d.clear and not d.paired and d.se == pytest.approx(math.sqrt(0.04 / 3 + 0.01 / 3))
    assert not compare_independent([1.0, 3.0, -1.0], [0.0, 0.1, -0.1]).clear


def test_ranges_join_only_evenly_spaced_runs_of_three_or_more():
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    assert ranges(grid, [5, 6, 7, 8]) == "0.5–0.8"
    assert ranges(grid, [3, 5, 6, 7, 8]) == "0.3, 0.5–0.8"
    assert ranges(grid, [5, 6]) == "0.5, 0.6"
    assert ranges([0.0, 0.2, 0.5, 0.7], [1, 2, 3]) == "0.2, 0.5, 0.7"  # uneven: no range of untried rates


def test_percentages_never_read_minus_zero():
    assert pct(-0.001) == "0%" and pct(0.176) == "+18%" and pct(-0.06) == "-6%"
