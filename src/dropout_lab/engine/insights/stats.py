"""The one rule for "is this a real difference?": paired comparisons over seeds. numpy only, no torch.

Every sentence the insights state about a difference between two conditions goes through here.
The seeds are shared across the conditions of one analysis (same data, initial weights and batches),
so two conditions are compared seed by seed:

- the per-seed differences d_1..d_n have mean m and standard error se = sd(d) / sqrt(n) (sd with n - 1);
- the difference is **clear** when the 95% t-interval m ± t(n - 1) * se excludes 0 -- a two-sided paired
  t-test at the 5% level. Otherwise it is "no clear difference", whatever the sign of m;
- with one seed there is no spread to judge by: nothing is clear;
- a difference smaller than the precision the sentence shows it with (`floor`, e.g. 0.001 for a loss
  written with 3 decimals) is never called clear, so no sentence says "clearly lower" beside two
  numbers that read the same;
- beside the test we count the seeds on each side ("lower in 4 of 5 seeds"), which the sentences quote.

Conditions on different data (e.g. training-set sizes) are not paired: `compare_independent` uses
Welch's standard error with the smaller group's degrees of freedom (conservative).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, computed_field


class Difference(BaseModel):
    """Condition a minus condition b: mean difference, its standard error, seeds on each side, verdict."""

    mean: float
    se: float | None  # standard error of `mean`; None with one seed (no spread to judge by)
    n: int  # seeds (or repeats) compared
    n_below: int  # seeds where a < b (unpaired: 1 if mean(a) < mean(b))
    n_above: int  # seeds where a > b
    clear: bool  # the 95% t-interval of `mean` excludes 0
    paired: bool = True

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sign(self) -> int:
        """+1 (a clearly higher), -1 (a clearly lower) or 0 (no clear difference)."""
        return (1 if self.mean > 0 else -1) if self.clear else 0


# Two-sided 95% quantiles of Student's t, by degrees of freedom (df > 30: the normal 1.96).
T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 25: 2.060, 30: 2.042,
}  # fmt: skip


def t_quantile(df: int) -> float:
    """t(0.975, df); for df between table entries, the next smaller df's (larger, conservative) value."""
    if df < 1:
        return math.inf
    if df > 30:
        return 1.96
    return T_975[max(k for k in T_975 if k <= df)]


LOSS_FLOOR = 0.001  # losses are written with 3 decimals
SHARE_FLOOR = 0.001  # accuracies and error rates: 0.1 percentage points
PERCENT_FLOOR = 0.005  # relative changes written as whole percents
EPOCH_FLOOR = 1.0


def compare(a: Sequence[float], b: Sequence[float], floor: float = 0.0) -> Difference:
    """Condition a minus condition b, seed by seed (a[i] and b[i] share seed i)."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    n = len(d)
    mean = float(d.mean()) if n else 0.0
    se = float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else None
    return Difference(
        mean=mean,
        se=se,
        n=n,
        n_below=int((d < 0).sum()),
        n_above=int((d > 0).sum()),
        clear=abs(mean) >= floor and _clear(mean, se, n - 1),
    )


def compare_independent(a: Sequence[float], b: Sequence[float], floor: float = 0.0) -> Difference:
    """mean(a) - mean(b) for groups measured on different data: Welch's standard error."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    mean = float(x.mean() - y.mean())
    n = min(len(x), len(y))
    se = math.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y)) if n > 1 else None
    return Difference(
        mean=mean,
        se=se,
        n=n,
        n_below=int(mean < 0),
        n_above=int(mean > 0),
        clear=abs(mean) >= floor and _clear(mean, se, n - 1),
        paired=False,
    )


def _clear(mean: float, se: float | None, df: int) -> bool:
    if se is None or df < 1:
        return False
    if se == 0.0:
        return mean != 0.0  # every seed moved by exactly the same non-zero amount
    return abs(mean) > t_quantile(df) * se


def sample_std(values: Sequence[float]) -> float:
    """Standard deviation with n - 1 (0 for a single value): the '± std over seeds' of the tables."""
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
