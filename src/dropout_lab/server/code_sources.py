"""The lab's own data code as text, for the runnable PyTorch program the page generates.

Sent in /api/config under "code": the page copies these functions verbatim into the program, so it
makes exactly the lab's points and split from the same seed (tests/unit/test_generated_code.py runs
it). Knows nothing of the page or of training.
"""

from __future__ import annotations

import inspect

from dropout_lab.engine import datasets


def data_code() -> dict[str, object]:
    """Sources: the makers' shared helpers, each pattern's maker, and the stratified split."""
    helpers = (datasets._counts, datasets._finish)  # the makers call these by name
    return {
        "helpers": "\n\n".join(inspect.getsource(f) for f in helpers),
        "makers": {name: inspect.getsource(maker) for name, maker in datasets.MAKERS.items()},
        "split": inspect.getsource(datasets.split_train_val),
    }
