"""Knock-outs' typed result and what it shows: the relative validation-loss increase of the plain and
the dropout network as hidden units are switched off, compared seed by seed (stats.py). No torch here.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import BaseModel, computed_field

from .results import Claims, Measure
from .stats import PERCENT_FLOOR, Difference, compare
from .wording import more_seeds_hint, pct, seeds_count

HEADLINE_SHARE = 0.3  # the share the headline quotes (the nearest one tried)


class KnockoutResult(BaseModel):
    """Validation loss (mean over draws) per seed (rows) and share knocked out (columns)."""

    insight: Literal["knockout"] = "knockout"
    p: float
    shares: list[float]  # sorted, starting at 0 (no knock-out: the reference)
    n_off: list[int]  # units switched off per hidden layer, per share
    neurons: int
    seeds: list[int]
    draws: int
    rescale: bool  # survivors x 1/(1 - share)
    baseline_val_loss: list[list[float]]  # (seeds, shares)
    dropout_val_loss: list[list[float]]  # (seeds, shares)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def increase_baseline(self) -> Measure:
        """Relative increase over no knock-out, per share (rows) and seed (columns)."""
        return _increase(self.baseline_val_loss)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def increase_dropout(self) -> Measure:
        return _increase(self.dropout_val_loss)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def plain_vs_dropout(self) -> list[Difference]:
        """Per share: the plain network's increase minus the dropout network's, seed by seed."""
        b, d = self.increase_baseline, self.increase_dropout
        return [compare(b.row(j), d.row(j), PERCENT_FLOOR) for j in range(len(self.shares))]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def headline_share(self) -> int:
        """Index of the knocked-out share nearest HEADLINE_SHARE (never the reference 0)."""
        candidates = [j for j, s in enumerate(self.shares) if s > 0] or [0]
        return min(candidates, key=lambda j: abs(self.shares[j] - HEADLINE_SHARE))

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims(self) -> Claims:
        return knockout_claims(self)


def _increase(loss: list[list[float]]) -> Measure:
    values = np.asarray(loss)  # (seeds, shares)
    return Measure(per_seed=(values / values[:, :1] - 1.0).T.tolist())


def knockout_claims(r: KnockoutResult) -> Claims:
    j, n = r.headline_share, len(r.seeds)
    d = r.plain_vs_dropout[j]
    head = (
        f"{r.shares[j]:.0%} of hidden units off: validation loss {pct(r.increase_baseline.mean[j])} "
        f"without dropout, {pct(r.increase_dropout.mean[j])} with; "
    )
    if n < 2:
        head += "one seed, so no spread to judge the difference by."
    elif d.sign > 0:
        head += f"the plain network is clearly hurt more ({_points(d)}, {seeds_count(d, 'above')})."
    elif d.sign < 0:
        head += f"the dropout network is clearly hurt more ({_points(d)}, {seeds_count(d, 'below')})."
    else:
        head += f"no clear difference between them (plain hurt more {seeds_count(d, 'above')})."
    hint = more_seeds_hint(r.plain_vs_dropout[1:])
    return Claims(headline=head, findings=_across_shares(r) + _scale_note(r) + hint)


def _points(d: Difference) -> str:
    """A difference of relative increases in percentage points, with its standard error."""
    se = "" if d.se is None else f", s.e. {100 * d.se:.0f}"
    return f"by {abs(100 * d.mean):.0f} points{se}"


def _across_shares(r: KnockoutResult) -> list[str]:
    if len(r.seeds) < 2:
        return []
    tried = [j for j, s in enumerate(r.shares) if s > 0]
    plain = [j for j in tried if r.plain_vs_dropout[j].sign > 0]
    drop = [j for j in tried if r.plain_vs_dropout[j].sign < 0]

    def names(idx: list[int]) -> str:
        return ", ".join(f"{r.shares[j]:.0%}" for j in idx)

    if plain and len(plain) == len(tried):
        return [
            f"At every share tried ({names(tried)}) the plain network is clearly hurt more: it leans on "
            "particular units, while the dropout network was trained to work with any random subset."
        ]
    out = []
    if plain:
        out.append(f"The plain network is clearly hurt more with {names(plain)} of its units off.")
    if drop:
        out.append(f"The dropout network is clearly hurt more with {names(drop)} of its units off.")
    rest = [j for j in tried if j not in plain and j not in drop]
    if rest:
        out.append(f"With {names(rest)} off the difference between the networks is within noise.")
    return out


def _scale_note(r: KnockoutResult) -> list[str]:
    """Without rescaling, a falling loss measures the smaller logits, not reliance on units."""
    if r.rescale:
        return []
    zeros = [0.0] * len(r.seeds)
    falls = [
        j for j in range(len(r.shares)) if compare(r.increase_baseline.row(j), zeros, PERCENT_FLOOR).sign < 0
    ]
    if falls:
        j = falls[0]
        return [
            f"Without rescaling the plain network's validation loss falls with {r.shares[j]:.0%} off "
            f"({pct(r.increase_baseline.mean[j])}): removing units shrinks its over-confident logits, so "
            "this measures a change of scale, not reliance on particular units."
        ]
    return ["Without rescaling, removing units also shrinks every activation: part of each change is scale."]
