"""The implicit ensemble's typed result and what it shows (Baldi & Sadowski 2013; SCIENCE.md).

Averaging T dropout-on passes converges, as 1/sqrt(T), to the mean of the thinned networks. Eval mode
(weight scaling) approximates that mean with an error that does not shrink with T. The thinned-network
mean is estimated from the other repeats' longest averages (leave one out), so each repeat is measured
against a reference that shares none of its samples. No torch here.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import BaseModel, computed_field

from .results import Claims, Measure, Points
from .stats import LOSS_FLOOR, SHARE_FLOOR, Difference, compare, t_quantile
from .wording import level, num

SQRT_LAW = 1.5  # "converges like 1/sqrt(T)": every measured distance within this factor of `expected`
APPROXIMATION_FACTOR = 2.0  # eval mode "differs" when its distance exceeds this many reference noises


class EnsembleResult(BaseModel):
    """Maps are p(class 1) on a grid_size x grid_size grid over `extent` (row 0 at y_min)."""

    insight: Literal["ensemble"] = "ensemble"
    p: float
    extent: list[float]
    grid_size: int
    points: Points
    eval: list[float]  # eval mode (no masks, no scaling)
    thinned: list[list[float]]  # a few single thinned networks (one pass each)
    mc_average: list[float]  # the first repeat's average of the most passes
    thinned_mean: list[float]  # every repeat's passes averaged: the thinned-network mean's estimate
    samples: list[int]  # the numbers of passes T measured
    # Distances are root-mean-square differences of p(class 1) over the map's cells.
    mc_to_mean: Measure  # (T, repeats): MC average of T passes vs the leave-one-out reference
    mc_to_eval: Measure  # (T, repeats): MC average of T passes vs eval mode
    eval_to_mean: float  # eval mode vs thinned_mean: the approximation error
    mc_val_loss: Measure  # (T, repeats): validation loss of the MC average
    mc_val_error: Measure  # (T, repeats): its validation error (share misclassified)
    eval_val_loss: float
    eval_val_error: float

    @computed_field  # type: ignore[prop-decorator]
    @property
    def repeats(self) -> int:
        return len(self.mc_to_mean.per_seed[0])

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def thinned_average(self) -> list[float]:
        return [round(float(v), 3) for v in np.mean(self.thinned, axis=0)]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def sqrt_reference(self) -> list[float]:
        """The 1/sqrt(T) line through the measured distance at the first T."""
        first, t0 = self.mc_to_mean.mean[0], self.samples[0]
        return [first * math.sqrt(t0 / t) for t in self.samples]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def expected(self) -> list[float]:
        """What 1/sqrt(T) predicts for the measured distance, the reference's own noise included.

        The mean square distance of an average of T passes from the leave-one-out reference (itself
        an average of (R-1) * T_max passes) is exactly s^2 (1/T + 1/((R-1) T_max)) for per-pass
        variance s^2: the curve flattens a little at the largest T because of the reference alone.
        """
        k = 1 / ((self.repeats - 1) * self.samples[-1])
        scale = self.mc_to_mean.mean[0] / math.sqrt(1 / self.samples[0] + k)
        return [scale * math.sqrt(1 / t + k) for t in self.samples]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def reference_noise(self) -> float:
        """Expected RMS distance of `thinned_mean` itself from the true mean (its sampling noise).

        From the mean square distance at T_max, s^2 (1/T_max) R/(R-1), and thinned_mean averaging
        R * T_max passes: s^2 / (R T_max) = distance(T_max)^2 (R-1) / R^2.
        """
        r = self.repeats
        return self.mc_to_mean.mean[-1] * math.sqrt(r - 1) / r

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def loss_vs_eval(self) -> Difference:
        """MC average of the most passes minus eval mode: validation loss, over the repeats."""
        return compare(self.mc_val_loss.row(-1), [self.eval_val_loss] * self.repeats, LOSS_FLOOR)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def error_vs_eval(self) -> Difference:
        return compare(self.mc_val_error.row(-1), [self.eval_val_error] * self.repeats, SHARE_FLOOR)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def one_pass_vs_eval(self) -> Difference:
        """A single thinned network (the first T) minus eval mode: validation loss."""
        return compare(self.mc_val_loss.row(0), [self.eval_val_loss] * self.repeats, LOSS_FLOOR)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims(self) -> Claims:
        return ensemble_claims(self)


def _converges(r: EnsembleResult) -> str:
    """Like 1/sqrt(T) when every measured distance is within SQRT_LAW of `expected` or within its own
    noise (t-interval of the mean over repeats); otherwise the last point tells the direction."""
    measured, spread = r.mc_to_mean.mean, r.mc_to_mean.std
    if measured[-1] >= 0.9 * measured[0]:
        return "does not get closer to"
    noise = t_quantile(r.repeats - 1) / math.sqrt(r.repeats)
    off = [
        m / e
        for m, s, e in zip(measured, spread, r.expected, strict=True)
        if not (1 / SQRT_LAW <= m / e <= SQRT_LAW) and abs(m - e) > noise * s
    ]
    if not off:
        return "converges like 1/√T to"
    if off[-1] > 1:
        return "approaches, more slowly than 1/√T,"
    return "falls faster than 1/√T towards"


def _than_eval(d: Difference) -> str:
    if d.sign < 0:
        return "clearly lower than eval mode's"
    if d.sign > 0:
        return "clearly higher than eval mode's"
    return "no clear difference from eval mode's"


def ensemble_claims(r: EnsembleResult) -> Claims:
    T, d = r.samples, r.mc_to_mean.mean
    approx = r.eval_to_mean > APPROXIMATION_FACTOR * r.reference_noise
    head = (
        f"The average of T dropout-on passes {_converges(r)} the mean of the thinned "
        f"networks (distance {num(d[0])} at T = {T[0]}, {num(d[-1])} at T = {T[-1]}); "
    )
    if approx:
        head += (
            f"eval mode differs from that mean by {num(r.eval_to_mean)} (reference noise ≈ "
            f"{num(r.reference_noise)}): an approximation error that more passes cannot remove."
        )
    else:
        head += (
            f"eval mode matches that mean to within the sampling noise ({num(r.eval_to_mean)} vs ≈ "
            f"{num(r.reference_noise)})."
        )
    e = r.mc_to_eval.mean
    towards = (
        f"it approaches eval mode's approximation error ({num(r.eval_to_mean)}), not zero"
        if approx
        else "it falls with the sampling noise"
    )
    findings = [
        f"The MC average's distance to eval mode goes from {num(e[0])} (T = {T[0]}) to {num(e[-1])} "
        f"(T = {T[-1]}): {towards}.",
        f"Validation loss of the MC average of {T[-1]} passes: "
        f"{level(r.mc_val_loss.mean[-1], r.mc_val_loss.std[-1], r.repeats, 'repeats')}, "
        f"{_than_eval(r.loss_vs_eval)} ({num(r.eval_val_loss)}).",
        f"Validation error with {T[-1]} passes: {100 * r.mc_val_error.mean[-1]:.1f}%, "
        f"{_than_eval(r.error_vs_eval)} ({100 * r.eval_val_error:.1f}%).",
        f"A single thinned network (T = {T[0]}) has validation loss {num(r.mc_val_loss.mean[0])}, "
        f"{_than_eval(r.one_pass_vs_eval)} ({num(r.eval_val_loss)}).",
    ]
    return Claims(headline=head, findings=findings)
