"""Who may use the lab: Host and Origin checks (as Jupyter Server does them) and the token.

- Host must be a name this server answers to: a loopback name, the bound address, a name given with
  `--allowed-host` (or "*"), and -- when bound to every interface -- any IP address or this machine's
  own names. A foreign name means DNS rebinding: a page on attacker.test whose name now points here.
- Origin, when a browser sends one, must be the page's own origin (or its localhost / 127.0.0.1 / [::1]
  alias on the same port) for the WebSocket and for any request that changes state. Scripts send none.
- Token: when the server has one (always when it listens beyond loopback), every request must carry
  it: `?token=` (a page load then gets an HttpOnly cookie and is redirected to the same URL without
  it), the cookie (so the page's own fetches and WebSocket need no change), or `Authorization: token`.
Knows nothing of jobs or workers.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "ip6-localhost"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
COOKIE_PREFIX = "dropout-lab-token-"  # + the port: two labs on one machine keep separate cookies


def split_host(host: str | None, default_port: int = 80) -> tuple[str, int] | None:
    """('name', port) of a Host header or an origin's netloc; None when malformed."""
    if not host:
        return None
    try:
        parts = urlsplit(f"//{host}")
        name, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not name:
        return None
    return name.lower().rstrip("."), port if port is not None else default_port


def is_loopback(name: str) -> bool:
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@cache
def machine_names() -> frozenset[str]:
    """This machine's own host names (for a server bound to every interface)."""
    names = {socket.gethostname().lower()}
    try:
        names.add(socket.getfqdn().lower())
    except OSError:
        pass
    return frozenset(n for n in names if n)


@dataclass(frozen=True)
class Access:
    """The lab's access policy: where it listens, the extra host names it answers to, its token."""

    bound: str = "127.0.0.1"
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    token: str | None = None

    @property
    def exposed(self) -> bool:
        """Listening beyond loopback: reachable from the network."""
        return not is_loopback(self.bound.strip("[]"))

    def host_allowed(self, host: str | None) -> bool:
        parsed = split_host(host)
        if parsed is None:
            return False
        name = parsed[0]
        if "*" in self.allowed_hosts or name in self.allowed_hosts or is_loopback(name):
            return True
        if name == self.bound.strip("[]").lower():
            return True
        if self.bound in WILDCARDS:
            return is_ip(name) or name in machine_names()  # an IP address cannot be rebound
        return False

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """A browser's Origin against the Host it asked: the same origin, or a loopback alias of it."""
        if origin is None:
            return True  # not a browser (browsers send Origin on WebSockets and cross-site requests)
        try:
            parts = urlsplit(origin.lower())
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or host is None:
            return False
        if parts.netloc == host.lower():
            return True
        theirs = split_host(parts.netloc, 443 if parts.scheme == "https" else 80)
        ours = split_host(host)
        return (
            theirs is not None
            and ours is not None
            and theirs[1] == ours[1]
            and is_loopback(theirs[0])
            and is_loopback(ours[0])
        )

    def token_matches(self, given: str | None) -> bool:
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(
            given.encode("utf-8", "replace"), self.token.encode()
        )

    def cookie_name(self, host: str | None) -> str:
        parsed = split_host(host)
        return f"{COOKIE_PREFIX}{parsed[1] if parsed else 0}"
