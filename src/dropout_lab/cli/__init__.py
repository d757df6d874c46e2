"""The ``dropout-lab`` command: flags -> config -> engine (through the Python API), report or server.

Flags come from the field system (engine/fields.py); this package only parses, drives progress bars,
prints and writes files.
"""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
