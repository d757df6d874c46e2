"""Runs the real lab server in its own process for the tests: `python run_lab.py '<json options>'`.

Options: host, port, token, allowed_hosts, workers, warm_up, budget {seconds, memory_mb}, limits {...},
store (a run store's path; none: runs are not kept) and store_max_bytes (its size limit).
Not a test module: tests/api/lab.py starts it and reads what it prints.
"""

from __future__ import annotations

import json
import sys

from dropout_lab.server.budget import Budget
from dropout_lab.server.launch import serve
from dropout_lab.server.settings import LabSettings, Limits
from dropout_lab.store import RunStore


def main() -> int:
    options = json.loads(sys.argv[1])
    settings = LabSettings(
        workers=options.get("workers", 1),
        warm_up=options.get("warm_up", True),
        budget=Budget(**options.get("budget", {})),
        limits=Limits(**options.get("limits", {})),
        store=RunStore(options["store"], max_bytes=options.get("store_max_bytes"))
        if options.get("store")
        else None,
    )
    return serve(
        options.get("host", "127.0.0.1"),
        options["port"],
        open_browser=False,
        settings=settings,
        token=options.get("token"),
        allowed_hosts=tuple(options.get("allowed_hosts", ())),
    )


if __name__ == "__main__":
    sys.exit(main())
