"""The rate sweep's typed result, built from the run's per-epoch stats, and what it shows in words.

Networks of one seed share data, initial weights and batches, so rates are compared seed by seed
(stats.py): the best rate is the lowest mean validation loss, and it comes with the rates that are
within noise of it ("ties"). No torch here.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import BaseModel, computed_field

from .results import TRAIN_LOSS, VAL_ACC, VAL_LOSS, Claims, Measure, rounded
from .stats import EPOCH_FLOOR, LOSS_FLOOR, SHARE_FLOOR, Difference, compare
from .wording import level, more_seeds_hint, num, partial_prefix, pm, ranges, rate, runs, seeds_count, verdict


class SweepResult(BaseModel):
    """Per rate (rows) and seed (columns) at the newest epoch; `val_curves` per rate over epochs."""

    insight: Literal["sweep"] = "sweep"
    rates: list[float]
    seeds: list[int]
    epochs: int  # planned
    epochs_done: int  # trained so far (== epochs once complete)
    val_loss: Measure  # eval mode, full validation set
    train_loss: Measure  # eval mode, full training set
    val_acc: Measure
    best_epoch: Measure  # per network: the epoch of its lowest validation loss (early stopping)
    val_curves: list[list[float]]  # (rates, epochs_done): validation loss, mean over seeds

    @computed_field  # type: ignore[prop-decorator]
    @property
    def complete(self) -> bool:
        return self.epochs_done >= self.epochs

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def gap(self) -> Measure:
        """Overfitting gap = validation - training loss, per rate and seed."""
        val, train = np.asarray(self.val_loss.per_seed), np.asarray(self.train_loss.per_seed)
        return Measure(per_seed=(val - train).tolist())

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def early_stop_epoch(self) -> list[int]:
        """Per rate: the epoch where the mean validation curve is lowest."""
        return [int(np.argmin(c)) + 1 for c in self.val_curves]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def best(self) -> int:
        """Index of the rate with the lowest mean validation loss."""
        return int(np.argmin(self.val_loss.mean))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def best_rate(self) -> float:
        return self.rates[self.best]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def vs_best(self) -> list[Difference]:
        """Per rate: its validation loss minus the best rate's, seed by seed."""
        best = self.val_loss.row(self.best)
        return [compare(self.val_loss.row(i), best, LOSS_FLOOR) for i in range(len(self.rates))]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def ties(self) -> list[int]:
        """Indices of the rates within noise of the best (the best included)."""
        return [i for i, d in enumerate(self.vs_best) if d.sign == 0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tie_spans(self) -> list[tuple[float, float]]:
        """x-spans to shade over the tied rates (figure and page draw the same)."""
        return tie_spans(self.rates, self.ties)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims(self) -> Claims:
        return sweep_claims(self)


def sweep_result(rates: list[float], seeds: list[int], epochs: int, history: np.ndarray) -> SweepResult:
    """The result from the stats so far: history (epochs_done, 5, K), network k = rate k // S, seed k % S."""
    done = history.shape[0]
    h = history.reshape(done, history.shape[1], len(rates), len(seeds))
    val = h[:, VAL_LOSS]  # (epochs_done, rates, seeds)
    return SweepResult(
        rates=rates,
        seeds=seeds,
        epochs=epochs,
        epochs_done=done,
        val_loss=Measure(per_seed=h[-1, VAL_LOSS].tolist()),
        train_loss=Measure(per_seed=h[-1, TRAIN_LOSS].tolist()),
        val_acc=Measure(per_seed=h[-1, VAL_ACC].tolist()),
        best_epoch=Measure(per_seed=(val.argmin(0) + 1).astype(float).tolist()),
        val_curves=rounded(val.mean(2).T, 5),
    )


def tie_spans(rates: list[float], ties: list[int]) -> list[tuple[float, float]]:
    """x-spans to shade over each run of neighbouring tied rates, a quarter of the smallest step wide
    on each side."""
    steps = [b - a for a, b in zip(rates, rates[1:], strict=False)] or [0.1]
    margin = min(steps) / 4
    return [(rates[run[0]] - margin, rates[run[-1]] + margin) for run in runs(ties)]


def sweep_claims(r: SweepResult) -> Claims:
    """Headline and findings of a sweep, each stated only as far as the paired comparisons allow."""
    b, n, val = r.best, len(r.seeds), r.val_loss
    best = f"p = {rate(r.best_rate)}"
    measured = level(val.mean[b], val.std[b], n)
    everything = list(range(len(r.rates)))
    if n < 2:
        head = (
            f"Lowest validation loss at {best} ({num(val.mean[b])}); with one seed no difference between "
            "rates can be told from noise: use 2 or more seeds."
        )
    elif r.ties == everything:
        head = (
            f"No clear best drop probability: every rate ({ranges(r.rates, everything)}) is within noise "
            f"of the lowest mean validation loss, at {best}, {measured}."
        )
    elif r.ties == [b]:
        head = (
            f"Best drop probability: {best} (validation loss {measured}); every other rate is clearly worse."
        )
    else:
        others = [i for i in r.ties if i != b]
        head = (
            f"Lowest mean validation loss at {best}, {measured}, but p = {ranges(r.rates, others)} "
            f"{'is' if len(others) == 1 else 'are'} within noise of it: a best range "
            f"(p = {ranges(r.rates, r.ties)}), not a single best rate."
        )
    findings = _against_no_dropout(r) + _high_end(r) + more_seeds_hint(r.vs_best)
    return Claims(headline=partial_prefix(r.epochs_done, r.epochs) + head, findings=findings)


def _against_no_dropout(r: SweepResult) -> list[str]:
    """No dropout (p = 0) against the best rate: validation loss, gap, accuracy, early-stopping epoch."""
    if 0.0 not in r.rates or len(r.seeds) < 2:
        return []
    z, b = r.rates.index(0.0), r.best
    if z == b:
        return [
            "No dropout (p = 0) has the lowest mean validation loss: no gain from dropout at these settings."
        ]
    best, d = f"p = {rate(r.best_rate)}", r.vs_best[z]
    if d.sign == 0:
        out = [
            f"Without dropout the validation loss is {pm(d.mean, d.se)} higher than at {best} (higher "
            f"{seeds_count(d, 'above')}): within noise, so no clear gain from dropout here."
        ]
    else:
        out = [
            f"Without dropout the validation loss is {pm(d.mean, d.se)} higher than at {best} (higher "
            f"{seeds_count(d, 'above')}): dropout clearly helps here."
        ]
    gap = compare(r.gap.row(b), r.gap.row(z), LOSS_FLOOR)
    out.append(
        f"Overfitting gap: {num(r.gap.mean[b])} at {best} vs {num(r.gap.mean[z])} without dropout: "
        f"{verdict(gap, 'smaller', 'larger')} (smaller {seeds_count(gap, 'below')})."
    )
    acc = compare(r.val_acc.row(b), r.val_acc.row(z), SHARE_FLOOR)
    out.append(
        f"Validation accuracy: {100 * r.val_acc.mean[b]:.1f}% at {best} vs {100 * r.val_acc.mean[z]:.1f}% "
        f"without dropout: {verdict(acc)}."
        + (" Dropout lowered the loss more than the error rate." if d.sign != 0 and acc.sign == 0 else "")
    )
    epoch = compare(r.best_epoch.row(b), r.best_epoch.row(z), EPOCH_FLOOR)
    out.append(
        f"The validation loss bottoms out at epoch {r.best_epoch.mean[b]:.0f} (mean) at {best} vs epoch "
        f"{r.best_epoch.mean[z]:.0f} without dropout: {verdict(epoch, 'earlier', 'later')}."
    )
    return out


def _high_end(r: SweepResult) -> list[str]:
    """The largest rate tried against the best: under-fitting only when both losses are clearly higher."""
    m, b = len(r.rates) - 1, r.best
    top, best = f"p = {rate(r.rates[m])}", f"p = {rate(r.best_rate)}"
    if len(r.seeds) < 2:
        return []
    if m == b:
        return [
            f"The largest rate tried, {top}, has the lowest loss: try higher rates to find under-fitting."
        ]
    val, train = r.vs_best[m], compare(r.train_loss.row(m), r.train_loss.row(b), LOSS_FLOOR)
    losses = (
        f"validation loss {num(r.val_loss.mean[m])} vs {num(r.val_loss.mean[b])}, training loss "
        f"{num(r.train_loss.mean[m])} vs {num(r.train_loss.mean[b])} at {best}"
    )
    if val.sign > 0 and train.sign > 0:
        return [f"At {top} both losses are clearly higher than at the best rate ({losses}): under-fitting."]
    if val.sign > 0:
        return [f"At {top} the validation loss is clearly higher ({losses}), but the training loss is not."]
    return [f"Even at {top} the validation loss is within noise of the best ({losses}): no clear cost here."]
