"""The Python API, in scikit-learn's idiom: `compare`, its `ComparisonResult`, `DropoutMLPClassifier`
and the reading of a user's own points. Knows the engine and the report; nothing of the web or the CLI.
"""

from .compare import compare, compare_config
from .estimator import DropoutMLPClassifier
from .points import CsvFormatError, check_points, read_points_csv
from .results import ComparisonResult, Summary, TrainingError

__all__ = [
    "ComparisonResult",
    "CsvFormatError",
    "DropoutMLPClassifier",
    "Summary",
    "TrainingError",
    "check_points",
    "compare",
    "compare_config",
    "read_points_csv",
]
