"""The page's "PyTorch code" block runs as is, with only torch and numpy, and reproduces the lab.

The page's own generator (static/js/pytorch-code.js) is called with node for every pattern's preset
(a few epochs), each program runs in its own Python process, and its final losses are compared with
the engine's run of the same settings: the plain network must match (same data, split, weights and
batches), the dropout network only roughly (nn.Dropout draws other masks), as the block says.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE

import pytest

from dropout_lab.engine.config import DATASETS, make_config
from dropout_lab.engine.events import RunFinished
from dropout_lab.engine.experiment import run_comparison
from dropout_lab.engine.presets import PATTERN_TABLE, get_preset
from dropout_lab.server.routes import lab_config

GENERATOR = Path(__file__).parents[2] / "src" / "dropout_lab" / "static" / "js" / "pytorch-code.js"
EPOCHS = 4
FINAL = re.compile(r"^final (\w+): train_loss ([\d.]+) val_loss ([\d.]+) gap (-?[\d.]+)", re.M)

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node (make node)")


def render(config: dict) -> str:
    """The code block's text for these settings, from the page's generator."""
    script = (
        f"import {{ renderPytorchCode }} from {json.dumps(GENERATOR.as_uri())};\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(renderPytorchCode(input.config, input.code));\n"
    ).replace("require('fs')", "(await import('node:fs'))")
    payload = json.dumps({"config": config, "code": lab_config()["code"]})
    command = ["node", "--input-type=module", "-e", script]
    return subprocess.run(command, input=payload, capture_output=True, text=True, check=True).stdout


def settings(dataset: str) -> dict:
    """The pattern's recommended preset, a few epochs, with dropout (blobs: 0.3) so both networks run."""
    preset = next(row["preset"] for row in PATTERN_TABLE if row["pattern"] == dataset)
    config = get_preset(preset).config
    return config.model_copy(update={"epochs": EPOCHS, "dropout": config.dropout or 0.3}).model_dump()


@pytest.fixture(scope="module")
def programs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every pattern's program, run at once in separate processes (they only need torch and numpy)."""
    folder = tmp_path_factory.mktemp("code")
    running = {}
    for dataset in DATASETS:
        path = folder / f"{dataset}.py"
        path.write_text(render(settings(dataset)))
        command = [sys.executable, "-I", str(path)]
        running[dataset] = subprocess.Popen(command, cwd=folder, stdout=PIPE, stderr=PIPE, text=True)
    done = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=300)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


def engine_final(config: dict) -> dict[str, tuple[float, float]]:
    run = [e for e in run_comparison(make_config(config)) if isinstance(e, RunFinished)][0]
    return {s.network: (s.train_loss, s.val_loss) for s in run.summary}


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_generated_code_runs_and_its_plain_network_matches_the_engine(programs, dataset):
    done = programs[dataset]
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(re.findall(r"^epoch +\d+ ", done.stdout, re.M)) == EPOCHS  # per-epoch losses printed
    final = {name: (float(tr), float(va), float(gap)) for name, tr, va, gap in FINAL.findall(done.stdout)}
    assert set(final) == {"plain", "dropout"}
    engine = engine_final(settings(dataset) | {"grid_size": 10})
    train, val, gap = final["plain"]
    assert val == pytest.approx(engine["baseline"][1], abs=2e-5)
    assert train == pytest.approx(engine["baseline"][0], abs=2e-5)
    assert gap == pytest.approx(val - train, abs=2e-6)
    # Other masks, same network: close, not equal (the block says so).
    d_val = final["dropout"][1]
    assert math.isfinite(d_val) and d_val == pytest.approx(engine["dropout"][1], rel=0.25)


def test_the_code_says_whether_it_matches_the_lab_exactly():
    with_dropout = render(settings("moons"))
    assert "match the lab's up to float rounding" in with_dropout
    assert "The dropout network cannot match exactly" in with_dropout
    plain = render(settings("moons") | {"dropout": 0.0})
    assert "There is no dropout network (p = 0)." in plain and "nn.Dropout(" not in plain.split('"""')[2]


def test_a_plain_run_trains_one_network(tmp_path):
    config = settings("xor") | {"dropout": 0.0, "epochs": 2}
    path = tmp_path / "plain.py"
    path.write_text(render(config))
    done = subprocess.run([sys.executable, "-I", str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    final = FINAL.findall(done.stdout)
    assert [m[0] for m in final] == ["plain"]
    assert float(final[0][2]) == pytest.approx(engine_final(config)["baseline"][1], abs=2e-5)
