"""Several labs, one after another, in one Python process (as notebooks and test suites do): each one's
worker pool starts, trains and stops, although the one before killed the shared fork server on its way out."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from lab_process import start

SMALL = {"dataset": "moons", "n_samples": 100, "layers": 2, "neurons": 16, "dropout": 0.3, "epochs": 5}

PROGRAM = textwrap.dedent(
    """
    import json, socket, sys, threading, time
    import uvicorn
    from websockets.sync.client import connect
    from dropout_lab.server import create_app

    def one_lab(first_message):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(warm_up=False), host="127.0.0.1", port=port, log_level="error")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        began = time.monotonic()
        thread.start()
        while not server.started and thread.is_alive() and time.monotonic() - began < 60:
            time.sleep(0.05)
        answer = {"started": server.started, "start_s": round(time.monotonic() - began, 2), "types": []}
        if server.started:
            origin = f"http://127.0.0.1:{port}"
            with connect(f"ws://127.0.0.1:{port}/ws", origin=origin, open_timeout=10) as ws:
                ws.send(first_message)
                try:
                    while True:
                        answer["types"].append(json.loads(ws.recv(timeout=60))["type"])
                except Exception:
                    pass
        server.should_exit = True
        thread.join(timeout=30)
        answer["stopped"] = not thread.is_alive()
        return answer

    if __name__ == "__main__":
        print(json.dumps([one_lab(sys.argv[1]) for _ in range(3)]))
    """
)


def test_three_labs_one_after_another_each_start_and_train(tmp_path):
    program = tmp_path / "three_labs.py"
    program.write_text(PROGRAM)
    done = subprocess.run(
        [sys.executable, str(program), start(SMALL)], capture_output=True, text=True, timeout=400
    )
    assert done.returncode == 0, done.stderr[-3000:]
    labs = json.loads(done.stdout.strip().splitlines()[-1])
    for n, lab in enumerate(labs, 1):
        assert lab["started"] and lab["start_s"] < 30, (n, lab, done.stderr[-3000:])
        assert lab["types"][0] == "run_started" and lab["types"][-1] == "run_finished", (n, lab)
        assert lab["types"].count("epoch_finished") == 2 * SMALL["epochs"], (n, lab)
        assert lab["stopped"], n
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
