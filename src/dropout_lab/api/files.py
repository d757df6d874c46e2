"""Writing results so that none is ever lost: the output folder checked before any work, every file
written under a temporary name and renamed into place (an interrupt leaves the old file or the new one,
never half of one). Knows nothing of what the files hold.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


class OutputError(ValueError):
    """The output folder cannot take the results; the message says why and where."""


def check_output_dir(path: str | Path, need_bytes: int = 0) -> Path:
    """Create `path` if needed and prove it can be written (and holds `need_bytes`); else OutputError."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".dropout-lab-check-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write into {out}: {exc.strerror or exc}") from None
    free = shutil.disk_usage(out).free
    if free < need_bytes:
        needed = f"{need_bytes / 2**20:.1f} MB"
        raise OutputError(f"{out} has {free / 2**20:.1f} MB free; the results need about {needed}")
    return out


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside `path` to write; renamed to `path` only if the block completes."""
    target = Path(path)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's owner-only mode
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_text(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
