"""The server's budget per request, and the refusal that says which settings to lower and by how much.

Before a job starts, its cost is estimated from its settings (engine/job_cost.py: CPU seconds and peak
memory); a job over the budget is refused at once with ``{"type": "over_budget", "message", "knobs",
"estimate", "budget"}``. Each of `knobs` is one setting that alone brings the job within budget, with
the value that fits: ``{"section", "field", "label", "value", "fits", "message"}``; when no single
setting is enough, `knobs` is a combination to change together. Knows nothing of sockets or workers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from dropout_lab.engine.config import TrainConfig
from dropout_lab.engine.fields import field_specs
from dropout_lab.engine.job_cost import describe_bytes, describe_seconds, job_cost

from .jobs import Job

# Settings that shrink a job, in the order suggested (the first ones change the lesson least).
# (section, field, direction): "down": a smaller value costs less; "up": a larger one; "count": fewer items.
LEVERS: tuple[tuple[str, str, str], ...] = (
    ("config", "epochs", "down"),
    ("params", "n_seeds", "down"),
    ("params", "passes", "down"),
    ("params", "repeats", "down"),
    ("params", "max_samples", "down"),
    ("params", "map_size", "down"),
    ("params", "draws", "down"),
    ("params", "rates", "count"),
    ("params", "shares", "count"),
    ("params", "sizes", "count"),
    ("config", "snapshot_every", "up"),
    ("config", "grid_size", "down"),
    ("config", "n_samples", "down"),
    ("config", "neurons", "down"),
    ("config", "layers", "down"),
)


@dataclass(frozen=True)
class Budget:
    """What one request may cost: estimated CPU seconds and peak memory (MB) added to a worker."""

    seconds: float = 60.0
    memory_mb: float = 512.0
    time_limit: float | None = None  # wall-clock seconds a running job may take (default 1.5 x seconds)

    def fits(self, job: Job) -> bool:
        cost = job_cost(job.kind, job.config, job.params)
        return cost.seconds <= self.seconds and cost.peak_bytes <= self.memory_mb * 2**20

    @property
    def time_limit_s(self) -> float:
        """Wall-clock limit of a running job: estimates are rough and a busy machine is slower."""
        return self.time_limit if self.time_limit is not None else 1.5 * self.seconds


def _with(job: Job, section: str, field: str, value: Any) -> Job:
    if section == "config":
        return Job(job.kind, job.config.model_copy(update={field: value}), job.params)
    assert job.params is not None
    return Job(job.kind, job.config, job.params.model_copy(update={field: value}))


def _spec(job: Job, section: str, field: str) -> dict[str, Any] | None:
    model: Any = TrainConfig if section == "config" else type(job.params)
    if section == "params" and job.params is None:
        return None
    if section == "config" and not job.is_training and field in ("grid_size", "snapshot_every"):
        return None  # analyses draw their own maps: the lab's map settings cost them nothing
    return next((s for s in field_specs(model) if s["name"] == field), None)


def _candidates(job: Job, section: str, field: str, direction: str) -> list[Any]:
    """Values of one setting from the cheapest to the current one (exclusive), or [] if no lever."""
    spec = _spec(job, section, field)
    if spec is None:
        return []
    current = getattr(job.config if section == "config" else job.params, field)
    if direction == "count":
        items = sorted(set(current))
        return [items[:n] for n in range(max(1, spec.get("min_items", 1)), len(items))]
    if direction == "down":
        return list(range(int(spec.get("minimum", 1)), int(current)))
    return list(range(int(spec.get("maximum", current)), int(current), -1))


def _best(job: Job, section: str, field: str, values: list[Any], budget: Budget) -> Any | None:
    """The value closest to the current one that fits (values run cheapest first), by bisection."""
    if not values or not budget.fits(_with(job, section, field, values[0])):
        return None
    lo, hi = 0, len(values) - 1  # values[lo] fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if budget.fits(_with(job, section, field, values[mid])):
            lo = mid
        else:
            hi = mid - 1
    return values[lo]


def _knob(job: Job, section: str, field: str, direction: str, fits: Any) -> dict[str, Any]:
    spec = _spec(job, section, field) or {}
    label = spec.get("label", field)
    current = getattr(job.config if section == "config" else job.params, field)
    if direction == "count":
        value, fits = len(set(current)), len(fits)
        text = f"{label}: at most {fits} values (now {value})"
    else:
        value = current
        text = f"{label}: {'at least' if direction == 'up' else 'at most'} {fits} (now {value})"
    return {"section": section, "field": field, "label": label, "value": value, "fits": fits, "message": text}


def _shrunk(values: list[Any], current: Any, t: float) -> Any:
    """The value a fraction `t` of the way (in log scale) from `current` (t=0) to values[0] (t=1)."""
    size = (lambda v: len(v)) if isinstance(current, list) else (lambda v: v)
    start, end = size(current), size(values[0])
    target = math.exp(math.log(start) + t * (math.log(end) - math.log(start)))
    return min(values, key=lambda v: abs(math.log(size(v)) - math.log(target)), default=current)


def _combination(job: Job, levers: list[tuple[str, str, str, list[Any]]], budget: Budget) -> list[dict]:
    """Shrink every lever together (in log scale) just enough to fit, then undo what is not needed."""

    def current(section: str, field: str) -> Any:
        return getattr(job.config if section == "config" else job.params, field)

    def shrink(t: float) -> dict[tuple[str, str], Any]:
        return {(s, f): _shrunk(v, current(s, f), t) for s, f, _, v in levers}

    def apply(values: dict[tuple[str, str], Any]) -> Job:
        changed = job
        for (section, field), value in values.items():
            changed = _with(changed, section, field, value)
        return changed

    lo, hi = 0.0, 1.0  # shrink(hi) fits (or nothing does)
    for _ in range(20):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if budget.fits(apply(shrink(mid))) else (mid, hi)
    chosen = shrink(hi)
    for section, field, _, _ in reversed(levers):  # keep the structural settings if possible
        trial = {**chosen, (section, field): current(section, field)}
        if budget.fits(apply(trial)):
            chosen = trial
    directions = {(s, f): d for s, f, d, _ in levers}
    return [
        _knob(job, s, f, directions[(s, f)], value)
        for (s, f), value in chosen.items()
        if value != current(s, f)
    ]


def suggestions(job: Job, budget: Budget) -> tuple[list[dict[str, Any]], bool]:
    """Single settings that each bring `job` within budget, or (when none does) one combination of
    settings to change together; the flag says which it is."""
    levers = [(s, f, d, _candidates(job, s, f, d)) for s, f, d in LEVERS]
    levers = [lever for lever in levers if lever[3]]
    single = []
    for section, field, direction, values in levers:
        fits = _best(job, section, field, values, budget)
        if fits is not None:
            single.append(_knob(job, section, field, direction, fits))
    if single:
        return single, False
    return _combination(job, levers, budget), True


def over_budget(job: Job, budget: Budget) -> dict[str, Any] | None:
    """None when `job` fits `budget`, else the over_budget refusal naming the settings to lower."""
    cost = job_cost(job.kind, job.config, job.params)
    limit_bytes = budget.memory_mb * 2**20
    if cost.seconds <= budget.seconds and cost.peak_bytes <= limit_bytes:
        return None
    knobs, together = suggestions(job, budget)
    what = "training" if job.is_training else "analysis"
    needs = f"about {describe_seconds(cost.seconds)} of computing and {describe_bytes(cost.peak_bytes)}"
    allows = f"{describe_seconds(budget.seconds)} and {describe_bytes(limit_bytes)}"
    lead = "Change all of" if together else "Any one of these fits"
    advice = f" {lead}: " + "; ".join(k["message"] for k in knobs) + "." if knobs else ""
    return {
        "type": "over_budget",
        "message": f"This {what} is too big for this server: it needs {needs}; the server allows "
        f"{allows} per request.{advice}",
        "knobs": knobs,
        "estimate": {"seconds": round(cost.seconds, 1), "memory_mb": round(cost.peak_bytes / 2**20)},
        "budget": {"seconds": budget.seconds, "memory_mb": budget.memory_mb},
    }
