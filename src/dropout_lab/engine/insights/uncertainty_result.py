"""Monte-Carlo dropout uncertainty's typed result: the maps, the regions they are read in, the claims.

The spread of one cell is estimated from T passes, so it carries a relative sampling error of about
1 / sqrt(2 (T - 1)); two regions' mean spreads are called different only when they differ by more than
twice that (conservative: averaging over cells only shrinks the error). The network is one training
run: the claims are about this network. No torch here.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import BaseModel, computed_field

from .results import Claims, Points
from .wording import num

NEAR, FAR = 0.25, 1.0  # distance to the nearest training point: "near the data" / "far from the data"
CONFIDENT_P, CONFIDENT_SPREAD = 0.1, 0.05  # "called confidently": p < 0.1 or > 0.9 with spread < 0.05
UNSURE = (0.3, 0.7)  # MC mean in this band: the prediction itself is unsure
HIGH_ENTROPY = 0.5  # bits: p between about 0.11 and 0.89


class Regions(BaseModel):
    """Mean measures over groups of cells (None when the group is empty)."""

    near_radius: float
    far_radius: float
    far_share: float  # share of the map farther than far_radius from every training point
    spread_near: float | None
    spread_far: float | None
    spread_unsure: float | None  # where the MC mean is within UNSURE
    spread_sure: float | None  # where it is below CONFIDENT_P or above 1 - CONFIDENT_P
    far_confident_share: float | None  # far cells called confidently with a small spread
    baseline_far_uncertain_share: float | None  # far cells where the plain net's entropy > HIGH_ENTROPY


class UncertaintyResult(BaseModel):
    """Maps on a grid_size x grid_size grid over `extent` (row 0 at y_min), zoomed out beyond the data."""

    insight: Literal["uncertainty"] = "uncertainty"
    p: float
    passes: int
    extent: list[float]
    data_extent: list[float]
    grid_size: int
    points: Points
    mc_mean: list[float]  # p(class 1) averaged over the passes (dropout network)
    spread: list[float]  # its standard deviation over the passes
    entropy: list[float]  # bits, of mc_mean
    baseline_entropy: list[float]  # bits, the plain network in eval mode (its spread is zero)
    nearest: list[float]  # distance from each cell to the nearest training point
    caveats: list[str]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def regions(self) -> Regions:
        mean, spread = np.asarray(self.mc_mean), np.asarray(self.spread)
        nearest = np.asarray(self.nearest)
        near, far = nearest <= NEAR, nearest >= FAR
        sure = (mean < CONFIDENT_P) | (mean > 1 - CONFIDENT_P)
        unsure = (mean > UNSURE[0]) & (mean < UNSURE[1])
        confident = sure & (spread < CONFIDENT_SPREAD)
        high = np.asarray(self.baseline_entropy) > HIGH_ENTROPY
        return Regions(
            near_radius=NEAR,
            far_radius=FAR,
            far_share=float(far.mean()),
            spread_near=_mean(spread, near),
            spread_far=_mean(spread, far),
            spread_unsure=_mean(spread, unsure),
            spread_sure=_mean(spread, sure),
            far_confident_share=_mean(confident, far),
            baseline_far_uncertain_share=_mean(high, far),
        )

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def claims(self) -> Claims:
        return uncertainty_claims(self)


def _mean(values: np.ndarray, where: np.ndarray) -> float | None:
    return float(values[where].mean()) if where.any() else None


def _compared(a: float, b: float, passes: int, more: str, less: str) -> str:
    """'clearly larger' etc. for two mean spreads, against the spreads' own sampling error."""
    relative = 1 / math.sqrt(2 * max(1, passes - 1))
    if abs(a - b) <= 2 * relative * max(a, b):
        return "no clear difference"
    return f"clearly {more}" if a > b else f"clearly {less}"


def uncertainty_claims(r: UncertaintyResult) -> Claims:
    g = r.regions
    if g.spread_far is None or g.spread_near is None or g.far_confident_share is None:
        head = (
            "The map does not reach far from the data (zoom out to see where this estimate fails); "
            f"mean spread near the data: {num(g.spread_near or 0.0)}."
        )
    else:
        head = (
            f"Far from the data (more than {g.far_radius:g} from any training point) the MC spread is "
            f"{num(g.spread_far)} vs {num(g.spread_near)} near it: "
            f"{_compared(g.spread_far, g.spread_near, r.passes, 'larger', 'smaller')}; "
        )
        if g.far_confident_share > 0:
            head += (
                f"{g.far_confident_share:.0%} of the far cells are called confidently (p < {CONFIDENT_P:g} "
                f"or > {1 - CONFIDENT_P:g} with spread < {CONFIDENT_SPREAD:g}) although no training point "
                "backs them."
            )
        else:
            head += "none of the far cells is called confidently: here the spread does flag the far field."
    findings = []
    if g.spread_unsure is not None and g.spread_sure is not None:
        verdict = _compared(g.spread_unsure, g.spread_sure, r.passes, "larger", "smaller")
        findings.append(
            f"Where the prediction itself is unsure ({UNSURE[0]:g} < p < {UNSURE[1]:g}) the mean spread is "
            f"{num(g.spread_unsure)}, vs {num(g.spread_sure)} where p < {CONFIDENT_P:g} or > "
            f"{1 - CONFIDENT_P:g}: {verdict}."
        )
    if g.baseline_far_uncertain_share is not None:
        share = g.baseline_far_uncertain_share
        amount = "under 1%" if 0 < share < 0.005 else f"{share:.0%}"
        findings.append(
            "Without dropout there is no spread at all. Its eval-mode entropy is above "
            f"{HIGH_ENTROPY:g} bit in {amount} of the far cells"
            + (
                ": those bright cells trace its decision boundary continued far beyond the data "
                "(p near 0.5 there), not any knowledge about that region."
                if share > 0
                else ": it is certain everywhere far from the data."
            )
        )
    return Claims(headline=head, findings=findings)
