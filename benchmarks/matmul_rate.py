"""The machine's sustained matmul FLOP/s, measured in the calling process (the benchmarks' yardstick).

Rates are measured on 1 and 2 intra-op threads at a large square GEMM (the practical ceiling) and at
the shapes the engine runs (stacked baddbmm of a training step, the evaluation pass, the boundary grid).
Each rate is the best of several timed loops of ~20 ms: what the machine delivers when a loop gets
its cores, which stays meaningful when other processes load the machine (a median then measures the load,
and 2-thread medians collapse under contention).
Imported by bench_engine.py and bench_insights.py; never by the package.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

LOOP_S = 0.02  # each timed loop lasts about this long
REPEATS = 7


@dataclass(frozen=True)
class Shape:
    """A batched product (K, M, N) @ (K, N, P) (K = 0: one plain mm of (M, N) @ (N, P))."""

    name: str
    K: int
    M: int
    N: int
    P: int

    @property
    def flops(self) -> int:
        return 2 * max(self.K, 1) * self.M * self.N * self.P

    def op(self) -> Callable[[], object]:
        if self.K == 0:
            a, b, out = torch.randn(self.M, self.N), torch.randn(self.N, self.P), torch.empty(self.M, self.P)
            return lambda: torch.mm(a, b, out=out)
        a, b = torch.randn(self.K, self.M, self.N), torch.randn(self.K, self.N, self.P)
        bias = torch.randn(self.K, 1, self.P)
        return lambda: torch.baddbmm(bias, a, b)


LARGE = Shape("large GEMM 1536^3", 0, 1536, 1536, 1536)


def rate(shape: Shape, threads: int) -> float:
    """Best FLOP/s of `shape` over REPEATS timed loops on `threads` intra-op threads (then restored)."""
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        op = shape.op()
        t0 = time.perf_counter()
        op()
        calls = max(1, round(LOOP_S / max(time.perf_counter() - t0, 1e-6)))
        rates = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            for _ in range(calls):
                op()
            rates.append(shape.flops * calls / (time.perf_counter() - t0))
        return max(rates)
    finally:
        torch.set_num_threads(before)


def rates(shapes: list[Shape]) -> dict[tuple[str, int], float]:
    """FLOP/s per (shape name, threads) for the large GEMM and `shapes`, on 1 and 2 threads."""
    return {(s.name, t): rate(s, t) for s in [LARGE, *shapes] for t in (1, 2)}


def peak(measured: dict[tuple[str, int], float]) -> float:
    """The sustained peak: the best rate measured (the large GEMM on 2 threads, normally)."""
    return max(measured.values())


def print_rates(measured: dict[tuple[str, int], float]) -> None:
    names = list(dict.fromkeys(name for name, _ in measured))
    print("  sustained matmul, GFLOP/s (best of timed loops, measured now):    1 thread  2 threads")
    for name in names:
        print(f"    {name:<52} {measured[name, 1] / 1e9:7.1f} {measured[name, 2] / 1e9:9.1f}")
