"""`make mutate`'s score: mutmut's verdicts, less the survivors docs/mutation.md explains as equivalent.

Run after `mutmut run` (in the project root). Prints the share of mutants killed (a timeout counts as
killed: the mutant broke the run), the survivors listed as equivalent, and every other survivor by name
so it can be killed with a test or listed with its reason. Exits 1 below the target score.
Not a test: pytest does not collect it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

TARGET = 0.85
KILLED = {"killed", "timeout"}
NOT_RUN = {"skipped", "not checked"}


def verdicts() -> dict[str, str]:
    out = subprocess.run(
        [str(Path(sys.executable).parent / "mutmut"), "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            found[name] = status
    return found


def listed_equivalent(doc: Path) -> set[str]:
    """Mutant names written in backticks at the start of a list item of docs/mutation.md."""
    return set(re.findall(r"^- `([\w.ǁ]+__mutmut_\d+)`", doc.read_text(encoding="utf-8"), re.MULTILINE))


def main() -> int:
    results = verdicts()
    counts = Counter(results.values())
    run = {name: status for name, status in results.items() if status not in NOT_RUN}
    if not run:
        print("no mutant has been run: `mutmut run` first")
        return 1
    killed = sum(1 for status in run.values() if status in KILLED)
    equivalent = listed_equivalent(Path("docs/mutation.md"))
    survivors = sorted(name for name, status in run.items() if status not in KILLED)
    explained = [name for name in survivors if name in equivalent]
    unexplained = [name for name in survivors if name not in equivalent]
    score = killed / len(run)
    effective = killed / (len(run) - len(explained)) if len(run) > len(explained) else 1.0
    print(", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    print(f"mutation score: {killed} of {len(run)} mutants killed ({score:.1%})")
    print(f"{len(explained)} survivors explained in docs/mutation.md; without them: {effective:.1%} killed")
    if unexplained:
        print(f"{len(unexplained)} survivors neither killed nor explained (`mutmut show NAME` shows one):")
        for name in unexplained:
            print(f"  {name} ({run[name]})")
    stale = sorted(equivalent - set(survivors))
    if stale:
        print(f"listed as equivalent but no longer surviving (drop them from docs/mutation.md): {stale}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
