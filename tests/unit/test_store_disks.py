"""A store on a real read-only disk and on a real full disk: clear messages, nothing stored lost.

As root with mount namespaces (``unshare``), each test mounts its own small tmpfs in a private mount
namespace (it vanishes with the test's process): remounted read-only, or filled to the brim. As another
user, the read-only case uses a folder and file without write permission; the full disk needs the mount.
One child Python process does the work, step by step, and reports JSON after each step.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHILD = r"""
import contextlib, hashlib, io, json, random, subprocess, sys
from pathlib import Path
from dropout_lab.cli import main
from dropout_lab.engine.config import make_config
from dropout_lab.engine.events import BoundarySnapshot
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.store import RunStore, StoreError

TINY = ["--epochs", "3", "--neurons", "8", "--layers", "1", "--n-samples", "40", "--grid-size", "10"]
path = Path(sys.argv[1])

def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv, "--store", str(path)])
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}

def big_run():  # about 0.25 MB stored: four incompressible 200 x 200 maps
    events = list(run_comparison(make_config(epochs=2, neurons=8, layers=1, n_samples=40, grid_size=10)))
    snap = next(e for e in events if isinstance(e, BoundarySnapshot))
    rng = random.Random(0)
    noise = [[rng.randrange(1001) / 1000 for _ in range(40000)] for _ in range(4)]
    maps = [snap.model_copy(update={"grid_size": 200, "probs": probs}) for probs in noise]
    return [e.model_copy(update={"run_id": "big000000000"}) for e in [events[0], *maps, *events[1:]]]

def attempt(action):
    try:
        action()
        return "recorded"
    except StoreError as exc:
        return f"{type(exc).__name__}: {exc}"

def stored(store):
    try:
        return {r.id: len(store.events(r.id)) for r in store.runs()}
    except StoreError as exc:
        return f"{type(exc).__name__}: {exc}"

for step in sys.argv[2:]:  # the child's steps, or "$ command" for the shell in between
    if step.startswith("$ "):
        subprocess.run(step[2:], shell=True, check=True)
        continue
    store, report = RunStore(path), {}  # a new store object: nothing cached from the disk's last state
    if step == "fill":
        report["compare"] = [cli("compare", *TINY, "--seed", seed)["code"] for seed in ("1", "2")]
    elif step == "read-only":
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        report["record"] = attempt(lambda: store.record_training(big_run()))
        report["compare"] = cli("compare", *TINY)
        report["rm"] = cli("runs", "rm", store.runs()[0].id)
        report["list"] = cli("runs", "list")
        report["same_bytes"] = hashlib.sha256(path.read_bytes()).hexdigest() == before
    elif step == "full":
        report["record"] = attempt(lambda: store.record_training(big_run()))
        report["compare"] = cli("compare", *TINY)
    report["runs"] = stored(store)
    print(json.dumps(report), flush=True)
"""
ROOM = 120  # kB left on the nearly full disk: SQLite's 32 kB index file and small runs fit, a big one not
FILL = f'dd if=/dev/zero of="$M/filler" bs=1k count=$(($(df -k --output=avail "$M" | tail -1) - {ROOM}))'


def mounting_works() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = ["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs tmpfs /mnt"]
    return subprocess.run(probe, capture_output=True).returncode == 0


MOUNT = mounting_works()


def run_child(tmp_path: Path, *steps: str, mount: str = "") -> list[dict[str, Any]]:
    """Run the child's `steps` on the store ``$M/runs.sqlite3``; with `mount`, run that first (as root,
    in a private mount namespace)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    argv = [sys.executable, str(child), str(disk / "runs.sqlite3"), *steps]
    if mount:
        namespace = ["unshare", "--mount", "--propagation", "private", "sh", "-c"]
        argv = [*namespace, f'{mount} && exec "$@"', "-", *argv]
    env = {**os.environ, "M": str(disk), "STORE": str(disk / "runs.sqlite3")}
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=300, env=env)
    finally:
        for p in [disk, *disk.rglob("*")]:
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.skipif(os.geteuid() == 0 and not MOUNT, reason="as root only a read-only mount refuses writes")
def test_a_store_on_a_read_only_disk_is_read_but_never_written_and_says_why(tmp_path) -> None:
    if MOUNT:
        tmpfs = 'mount -t tmpfs -o size=8m tmpfs "$M"'
        fill, check = run_child(tmp_path, "fill", '$ mount -o remount,ro "$M"', "read-only", mount=tmpfs)
    else:
        fill, check = run_child(tmp_path, "fill", '$ chmod a-w "$M" "$STORE"', "read-only")
    assert fill["compare"] == [0, 0] and len(fill["runs"]) == 2
    assert check["runs"] == fill["runs"]  # both runs still list and load, every event
    assert check["record"].startswith("StoreReadOnlyError: the run store") and "read-only" in check["record"]
    compare = check["compare"]
    assert compare["code"] == 0 and "val loss" in compare["out"]  # the result is printed all the same
    assert "will not be recorded" in compare["err"] and "read-only" in compare["err"]
    assert check["rm"]["code"] == 1 and "read-only" in check["rm"]["err"]
    assert check["list"]["code"] == 0 and all(run_id in check["list"]["out"] for run_id in fill["runs"])
    assert check["same_bytes"]


@pytest.mark.skipif(not MOUNT, reason="a real full disk needs root and mount namespaces (unshare)")
def test_a_store_on_a_full_disk_refuses_the_new_run_keeps_the_old_and_records_once_there_is_room(
    tmp_path,
) -> None:
    fill, nearly, brim, freed = run_child(
        tmp_path,
        "fill",
        f"$ {FILL} 2>/dev/null",
        "full",
        '$ dd if=/dev/zero of="$M/more" bs=1k 2>/dev/null || true',  # now truly full
        "full",
        '$ rm "$M/filler" "$M/more"',
        "full",
        mount='mount -t tmpfs -o size=1m tmpfs "$M"',
    )
    assert len(fill["runs"]) == 2
    assert nearly["record"].startswith("StoreFullError: the disk holding the run store")
    assert "every stored run is intact" in nearly["record"]
    assert fill["runs"].items() <= nearly["runs"].items()  # every stored run, every event
    assert "big000000000" not in nearly["runs"]
    assert brim["record"].startswith("StoreFullError") and brim["compare"]["code"] == 0
    assert "val loss" in brim["compare"]["out"] and "disk holding the run store" in brim["compare"]["err"]
    assert freed["record"] == "recorded" and freed["runs"]["big000000000"] > 6
    assert fill["runs"].items() <= freed["runs"].items()
