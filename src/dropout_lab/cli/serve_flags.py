"""The flags of ``dropout-lab serve``, each checked while parsing (exit 2 naming the flag and its range)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from ..store import ENV, default_path

TOKEN_CHARS = re.compile(r"[A-Za-z0-9._~-]{8,200}")  # safe in a URL and a cookie without escaping


def bounded(kind: type, low: float, high: float, what: str = "") -> Callable[[str], float | int]:
    """An argparse type: a number of `kind` from `low` to `high`, refused with the range in words."""
    words = f"{'an integer' if kind is int else 'a number'} from {low:g} to {high:g}{what}"

    def parse(text: str) -> float | int:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {words} (got {text!r})") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {words} (got {text!r})")
        return value

    return parse


def token(text: str) -> str:
    if not TOKEN_CHARS.fullmatch(text):
        raise argparse.ArgumentTypeError(
            "must be 8 to 200 characters among letters, digits and . _ ~ - (it goes into a URL)"
        )
    return text


def add_serve_flags(parser: argparse.ArgumentParser) -> None:
    net = parser.add_argument_group("network")
    net.add_argument(
        "--host",
        default="127.0.0.1",
        help="Address to listen on (default: %(default)s, this machine only). 0.0.0.0 = every network "
        "interface, e.g. for a classroom: then a token is required.",
    )
    net.add_argument(
        "--port", type=bounded(int, 1, 65535), default=8000, help="Port, 1 to 65535 (default: %(default)s)."
    )
    net.add_argument("--no-browser", action="store_true", help="Do not open a browser tab.")
    net.add_argument(
        "--token",
        type=token,
        help="Require this token (default: none on 127.0.0.1; generated and printed in the URL otherwise).",
    )
    net.add_argument(
        "--allowed-host",
        action="append",
        metavar="NAME",
        help="A host name the lab answers to besides loopback names and its own address, e.g. the name "
        "students type (repeatable; * accepts any name).",
    )
    work = parser.add_argument_group("work per request")
    work.add_argument(
        "--workers",
        type=bounded(int, 1, 64),
        help="Worker processes = jobs at once, 1 to 64 (default: one per CPU core).",
    )
    work.add_argument(
        "--max-seconds",
        type=bounded(float, 1, 86400),
        default=60.0,
        help="Refuse a request estimated to need more CPU seconds than this, 1 to 86400 (default: "
        "%(default)g); a running one is stopped at 1.5 times it.",
    )
    work.add_argument(
        "--max-memory-mb",
        type=bounded(float, 32, 65536),
        default=512.0,
        help="Refuse a request estimated to need more memory (MB) than this, 32 to 65536 (default: "
        "%(default)g); a worker passing twice it is stopped.",
    )
    keep = parser.add_argument_group("kept runs")
    keep.add_argument(
        "--store",
        metavar="PATH",
        help=f"The run store: runs are kept there, listed on the page and replayed for identical requests "
        f"(default: ${ENV}, else {default_path()}).",
    )
    keep.add_argument(
        "--no-store",
        action="store_true",
        help=f"Keep no runs (or set {ENV}=off): the page's run list then lasts as long as its tab.",
    )
