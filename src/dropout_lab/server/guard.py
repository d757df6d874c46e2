"""ASGI middleware that applies the access policy (access.py) to every HTTP request and WebSocket.

Refusals are plain: HTTP 403 with a one-line text, or a WebSocket accepted only to be closed at once
with code 1008 and the reason (browsers show a close reason; a bare 403 reads as a network failure).
It also hands the WebSocket route a way to drop a connection whose client has stopped reading (see
`abort_connection`). Never echoes a token, and cuts any header value it repeats.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from dropout_lab.engine.fields import cut

from .access import Access

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ABORT_KEY = "dropout_lab.abort"  # scope key: a callable that drops the connection (or None)
CLOSE_POLICY = 1008


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    try:
        jar = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def _header_token(headers: dict[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() in ("token", "bearer") and value else None


class AccessGuard:
    """Wraps the app: Host, Origin and token checks before anything else runs."""

    def __init__(self, app: Callable[..., Awaitable[None]], access: Access):
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host, origin = headers.get("host"), headers.get("origin")
        websocket = scope["type"] == "websocket"
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if not self.access.host_allowed(host):
            problem = f"Host {cut(repr(host or ''))} is not a name this server answers to"
            return await self._refuse(scope, receive, send, problem + " (see serve --allowed-host)")
        if (websocket or scope.get("method") not in SAFE_METHODS) and not self.access.origin_allowed(
            origin, host
        ):
            return await self._refuse(
                scope, receive, send, f"Origin {cut(repr(origin))} may not use this lab"
            )
        if self.access.token is not None:
            given = dict(query).get("token")
            if given is not None and not websocket and scope.get("method") in ("GET", "HEAD"):
                if self.access.token_matches(given):
                    return await self._redirect_with_cookie(scope, send, query, host)
            ok = (
                self.access.token_matches(_cookie(headers, self.access.cookie_name(host)))
                or self.access.token_matches(_header_token(headers))
                or (given is not None and self.access.token_matches(given))
            )
            if not ok:
                problem = "This lab needs its token: open the URL with ?token=... that the server printed"
                return await self._refuse(scope, receive, send, problem)
        if websocket:
            transport = getattr(getattr(send, "__self__", None), "transport", None)  # uvicorn's protocol
            scope = {**scope, ABORT_KEY: getattr(transport, "abort", None)}
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, problem: str) -> None:
        if scope["type"] == "websocket":
            if (await receive())["type"] != "websocket.connect":
                return
            await send({"type": "websocket.accept"})
            reason = problem.encode()[:123].decode(errors="ignore")  # a close reason holds 123 bytes
            await send({"type": "websocket.close", "code": CLOSE_POLICY, "reason": reason})
            return
        body = (problem + "\n").encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-store"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _redirect_with_cookie(self, scope: Scope, send: Send, query: list, host: str | None) -> None:
        """The token is right: remember it in a cookie and drop it from the address bar (and history)."""
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        path = scope.get("raw_path") or scope["path"].encode("utf-8")
        location = (
            "/" + path.decode("latin-1").lstrip("/") + (f"?{rest}" if rest else "")
        )  # never //other.host
        assert self.access.token is not None
        cookie = f"{self.access.cookie_name(host)}={self.access.token}; Path=/; HttpOnly; SameSite=Lax"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1", "replace")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
