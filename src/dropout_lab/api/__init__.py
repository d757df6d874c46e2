"""The Python API, in scikit-learn's idiom: `compare`, its `ComparisonResult`, `DropoutMLPClassifier`,
the reading of a user's own points and the stored runs (`runs`, `load_run`). Knows the engine, the
report and the run store; nothing of the web or the CLI.
"""

from .compare import compare, compare_config
from .estimate import SlowJobWarning
from .estimator import DropoutMLPClassifier
from .points import CsvFormatError, check_points, read_points_csv
from .results import ComparisonResult, Summary, TrainingError
from .runs import RunList, StoreWarning, load_run, runs

__all__ = [
    "ComparisonResult",
    "CsvFormatError",
    "DropoutMLPClassifier",
    "RunList",
    "SlowJobWarning",
    "StoreWarning",
    "Summary",
    "TrainingError",
    "check_points",
    "compare",
    "compare_config",
    "load_run",
    "read_points_csv",
    "runs",
]
