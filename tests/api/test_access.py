"""Only the lab's own page drives it: foreign Origin and Host refused (over real sockets), and a token
required when the server listens beyond loopback (bound to 0.0.0.0, tested through 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from lab_process import LabProcess, RawSocket, receive_all, start

from dropout_lab.server.access import Access

TINY = {"epochs": 2, "n_samples": 40}


@pytest.fixture(scope="module")
def exposed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabProcess]:
    """The lab bound to every interface: it generates a token and prints it once, in its URL."""
    with LabProcess(tmp_path_factory.mktemp("exposed"), host="0.0.0.0", workers=1) as server:
        yield server
    assert "Traceback" not in server.errors + server.output


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", "file://"])
def test_a_foreign_origin_may_not_open_the_job_socket(lab: LabProcess, origin):
    with lab.connect(origin=origin) as ws:  # closed at once: nothing it sends would be read
        messages, code, reason = receive_all(ws, 10)
    assert messages == [] and code == 1008
    assert "may not use this lab" in reason


@pytest.mark.parametrize("alias", ["127.0.0.1", "localhost", "[::1]"])
def test_the_page_own_origin_and_its_loopback_aliases_may(lab: LabProcess, alias):
    with lab.connect(origin=f"http://{alias}:{lab.port}") as ws:
        ws.send(start(TINY))
        messages, code, _ = receive_all(ws, 30)
    assert messages[-1]["type"] == "run_finished" and code == 1000


def test_a_foreign_host_is_refused_on_the_socket_and_over_http(lab: LabProcess):
    rebind = RawSocket(lab.port, {"Host": f"rebind.attacker.test:{lab.port}"})  # DNS rebinding
    rebind.send_text(start(TINY))
    (opcode, payload), *rest = rebind.read_frames(timeout=5)
    rebind.close()
    assert opcode == 8 and int.from_bytes(payload[:2], "big") == 1008 and rest == []
    assert b"is not a name this server answers to" in payload
    page = httpx.get(f"{lab.url}/api/config", headers={"Host": "rebind.attacker.test"})
    assert page.status_code == 403 and "not a name this server answers to" in page.text
    assert httpx.get(f"{lab.url}/api/config", headers={"Host": f"localhost:{lab.port}"}).status_code == 200


def test_a_state_changing_request_from_a_foreign_origin_is_refused(lab: LabProcess):
    foreign = httpx.post(f"{lab.url}/api/config", headers={"Origin": "http://evil.example"})
    own = httpx.post(f"{lab.url}/api/config", headers={"Origin": lab.url})
    assert foreign.status_code == 403 and "may not use this lab" in foreign.text
    assert own.status_code == 405  # past the guard: the route itself only reads


def test_off_loopback_the_token_is_printed_once_with_real_urls_and_a_warning(exposed: LabProcess):
    token = exposed.token
    assert token and len(token) >= 24
    text = exposed.output + exposed.errors
    assert text.count(token) == 1
    (line,) = [line for line in text.splitlines() if token in line]
    assert f"token={token}" in line and "0.0.0.0" not in line
    assert "reachable from the network" in text and f"http://127.0.0.1:{exposed.port}/" in text


def test_off_loopback_nothing_works_without_the_token(exposed: LabProcess):
    page = httpx.get(f"{exposed.url}/")
    assert page.status_code == 403 and "token" in page.text and exposed.token not in page.text
    assert httpx.get(f"{exposed.url}/?token=wrong-token").status_code == 403
    assert httpx.get(f"{exposed.url}/static/js/main.js").status_code == 403
    with exposed.connect() as ws:
        messages, code, reason = receive_all(ws, 10)
    assert messages == [] and code == 1008 and "token" in reason


def test_the_token_in_the_url_becomes_a_cookie_that_lets_the_page_and_its_socket_in(exposed: LabProcess):
    first = httpx.get(f"{exposed.url}/?token={exposed.token}&dataset=spiral")
    assert first.status_code == 303
    assert first.headers["location"] == "/?dataset=spiral"  # the token leaves the address bar
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    name, value = cookie.split(";")[0].split("=", 1)
    assert value == exposed.token
    with httpx.Client(base_url=exposed.url, cookies={name: value}) as browser:
        assert browser.get("/").status_code == 200
        assert browser.get("/api/config").status_code == 200
    with exposed.connect(additional_headers={"Cookie": f"{name}={value}"}) as ws:
        ws.send(start(TINY))
        messages, code, _ = receive_all(ws, 30)
    assert messages[-1]["type"] == "run_finished" and code == 1000
    header = httpx.get(f"{exposed.url}/api/config", headers={"Authorization": f"token {exposed.token}"})
    assert header.status_code == 200  # scripts may send it as a header


@pytest.mark.parametrize(
    ("bound", "host", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "attacker.test:8000", False),
        ("127.0.0.1", "192.168.1.20:8000", False),
        ("0.0.0.0", "192.168.1.20:8000", True),  # an IP address cannot be rebound
        ("0.0.0.0", "attacker.test:8000", False),
        ("192.168.1.20", "192.168.1.20:8000", True),
        ("127.0.0.1", "", False),
        ("127.0.0.1", "a b:c", False),
    ],
)
def test_host_names_the_server_answers_to(bound, host, allowed):
    assert Access(bound=bound).host_allowed(host) is allowed


def test_allowed_host_names_are_added_and_star_accepts_any():
    assert Access(allowed_hosts=frozenset({"lab.school.test"})).host_allowed("lab.school.test:80")
    assert not Access(allowed_hosts=frozenset({"lab.school.test"})).host_allowed("other.test")
    assert Access(allowed_hosts=frozenset({"*"})).host_allowed("anything.test")
