"""Say so before a long job starts: the user's own machine has no budget, but no surprise either.

The estimate comes from the engine's cost model (engine/job_cost.py: CPU seconds of one core), the one
the server's budget uses. Knows nothing of the web or of flags.
"""

from __future__ import annotations

import warnings
from typing import Any

from ..engine.config import TrainConfig
from ..engine.job_cost import describe_bytes, describe_seconds, job_cost

LONG_S = 60.0  # beyond this, the user hears about it before the work starts


class SlowJobWarning(UserWarning):
    """The job is estimated to take more than a minute (or a lot of memory) on one core."""


def slow_note(kind: str, config: TrainConfig, params: Any = None) -> str | None:
    """A sentence when `kind` ("train" or an analysis) is estimated over LONG_S, else None."""
    cost = job_cost(kind, config, params)
    if cost.seconds <= LONG_S:
        return None
    what = "this training" if kind == "train" else f"this {kind}"
    return (
        f"{what} is estimated to take about {describe_seconds(cost.seconds)} of computing "
        f"(one core) and {describe_bytes(cost.peak_bytes)} of memory; fewer epochs, points or "
        "neurons make it quicker."
    )


def warn_if_slow(kind: str, config: TrainConfig, params: Any = None) -> None:
    """Emit a SlowJobWarning before a job estimated over LONG_S starts."""
    note = slow_note(kind, config, params)
    if note is not None:
        warnings.warn(note[0].upper() + note[1:], SlowJobWarning, stacklevel=3)
