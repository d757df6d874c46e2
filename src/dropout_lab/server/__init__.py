"""The web lab: HTTP page + configuration schema + a training WebSocket around the engine's events.

The server adds nothing to the science: it validates a configuration with the engine's one model,
runs the engine off the event loop and forwards its events. Imports flow one way: server -> engine.
"""

from .app import create_app
from .launch import serve

__all__ = ["create_app", "serve"]
