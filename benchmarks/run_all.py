"""Runs every benchmarks/bench_*.py in its own process (a fresh torch per bench) and prints its output.

bench_engine, bench_insights, bench_server (throughput of 1, 2 and 4 users on the real server),
bench_shared_runs (30 clients on one scenario cost one training), bench_web.
"""

import subprocess
import sys
from pathlib import Path

failed = 0
for bench in sorted(Path(__file__).parent.glob("bench_*.py")):
    print(f"== {bench.name}", flush=True)
    failed += subprocess.run([sys.executable, str(bench)], check=False).returncode != 0
sys.exit(1 if failed else 0)
