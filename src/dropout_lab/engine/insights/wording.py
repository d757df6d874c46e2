"""How the insights' sentences write numbers and verdicts: one place for every claim's phrasing.

Pure formatting of numbers and `Difference` verdicts (stats.py); no torch, no numbers computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .stats import Difference

NO_CLEAR = "no clear difference"


def num(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def rate(p: float) -> str:
    """A drop probability as written on the page: 0.5, 0.25, 0."""
    return f"{p:g}"


def signed(value: float, digits: int = 3) -> str:
    """A difference with its sign: +0.031, -0.012."""
    return f"{value:+.{digits}f}"


def diff(d: Difference, digits: int = 3) -> str:
    """A difference with its sign and standard error: '+0.031, s.e. 0.010' (or '+0.031' with one seed)."""
    return signed(d.mean, digits) + ("" if d.se is None else f", s.e. {num(d.se, digits)}")


def pct(value: float) -> str:
    """A relative change: +18%, -3%."""
    rounded = round(100 * value)
    return "0%" if rounded == 0 else f"{rounded:+d}%"


def pm(mean: float, se: float | None, digits: int = 3) -> str:
    """A mean difference with its standard error: '0.715 (s.e. 0.220)', or the mean alone without one."""
    return num(mean, digits) if se is None else f"{num(mean, digits)} (s.e. {num(se, digits)})"


def level(mean: float, std: float, n: int, noun: str = "seeds", digits: int = 3) -> str:
    """A measured level with its spread: '0.265 (std 0.071 over 5 seeds)'; one run: '0.265 (1 seed)'."""
    if n < 2:
        return f"{num(mean, digits)} (1 {noun.rstrip('s')})"
    return f"{num(mean, digits)} (std {num(std, digits)} over {n} {noun})"


def verdict(d: Difference, lower: str = "lower", higher: str = "higher") -> str:
    """'clearly lower' / 'clearly higher' / 'no clear difference' for a − b."""
    if d.sign < 0:
        return f"clearly {lower}"
    if d.sign > 0:
        return f"clearly {higher}"
    return NO_CLEAR


def seeds_count(d: Difference, side: str, noun: str = "seeds") -> str:
    """'in 4 of 5 seeds' for the seeds where a is below (side='below') or above b."""
    k = d.n_below if side == "below" else d.n_above
    return f"in {k} of {d.n} {noun}"


def runs(chosen: Sequence[int]) -> list[list[int]]:
    """Sorted indices grouped into runs of neighbours: [0, 2, 3, 4] -> [[0], [2, 3, 4]]."""
    out: list[list[int]] = []
    for i in sorted(set(chosen)):
        if out and i == out[-1][-1] + 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def ranges(values: Sequence[float], chosen: Sequence[int]) -> str:
    """The chosen entries of a sorted grid: '0.3, 0.5–0.8'. A run is written as a range only when it
    has 3 or more evenly spaced entries, so a range never suggests rates that were not tried."""
    parts = []
    for run in runs(chosen):
        steps = {round(values[b] - values[a], 9) for a, b in zip(run, run[1:], strict=False)}
        if len(run) >= 3 and len(steps) == 1:
            parts.append(f"{rate(values[run[0]])}–{rate(values[run[-1]])}")
        else:
            parts += [rate(values[i]) for i in run]
    return ", ".join(parts)


def more_seeds_hint(differences: Sequence[Difference], noun: str = "seeds") -> list[str]:
    """A note when some comparison goes the same way in every seed yet is within noise (few seeds)."""
    unanimous = [d for d in differences if d.sign == 0 and d.n >= 2 and max(d.n_below, d.n_above) == d.n]
    if not unanimous:
        return []
    n = unanimous[0].n
    return [
        f"Some differences above go the same way in all {n} {noun} yet stay within noise: with few {noun} "
        f"only large, steady differences are clear; more {noun} would sharpen them."
    ]


def partial_prefix(done: int, total: int, unit: str = "epochs") -> str:
    """'After 40 of 300 epochs: ' for a partial result (true while running and after a stop), else ''."""
    return "" if done >= total else f"After {done} of {total} {unit}: "
