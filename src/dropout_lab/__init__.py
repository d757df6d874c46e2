"""dropout-lab: the same small PyTorch MLP with and without dropout, side by side.

The public Python API, re-exported here::

    from dropout_lab import compare
    result = compare(preset="severe-overfitting", dropout=0.5)
    result.summary   # final losses, gap, accuracies, best epoch per network
    result.plot()    # a matplotlib Figure
    DropoutMLPClassifier(dropout=0.5, random_state=0).fit(X, y).predict(X)
    runs()                       # the runs recorded in the run store (compare records each; store=False not)
    load_run(result.run_id)      # a stored run as compare returned it

Importing the package loads neither torch nor matplotlib; they load when you train or plot.
"""

from .api import (
    ComparisonResult,
    CsvFormatError,
    DropoutMLPClassifier,
    SlowJobWarning,
    StoreWarning,
    Summary,
    TrainingError,
    compare,
    compare_config,
    load_run,
    read_points_csv,
    runs,
)
from .engine.config import ConfigError, TrainConfig, knob_specs, make_config
from .engine.datasets import make_blobs, make_circles, make_moons, make_spiral, make_xor
from .engine.presets import PATTERN_TABLE, PRESETS, get_preset

__version__ = "0.1.0"

__all__ = [
    "PATTERN_TABLE",
    "PRESETS",
    "ComparisonResult",
    "ConfigError",
    "CsvFormatError",
    "DropoutMLPClassifier",
    "SlowJobWarning",
    "StoreWarning",
    "Summary",
    "TrainConfig",
    "TrainingError",
    "compare",
    "compare_config",
    "get_preset",
    "knob_specs",
    "load_run",
    "make_blobs",
    "make_circles",
    "make_config",
    "make_moons",
    "make_spiral",
    "make_xor",
    "read_points_csv",
    "runs",
]
