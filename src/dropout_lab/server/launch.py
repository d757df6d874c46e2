"""`serve()`: run the web lab with uvicorn, print its URL and open a browser if asked."""

from __future__ import annotations

import threading
import webbrowser

import uvicorn

from .app import create_app


def serve(host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True) -> None:
    """Serve the lab until Ctrl+C. Binds 127.0.0.1 by default; never fails for want of a browser."""
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    url = f"http://{shown_host}:{port}/"
    config = uvicorn.Config(create_app(), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)

    def announce() -> None:  # after start-up (engine warmed up, socket bound)
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            print(f"dropout-lab is running at {url}  (Ctrl+C to stop)", flush=True)
            if open_browser:
                try:
                    webbrowser.open(url)
                except Exception:
                    pass

    threading.Thread(target=announce, daemon=True).start()
    print("dropout-lab: warming up the engine ...", flush=True)
    server.run()
