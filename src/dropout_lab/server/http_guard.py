"""uvicorn's HTTP/1.1 protocol with a deadline for each request's head (no slow or silent clients).

uvicorn closes an idle keep-alive connection after a few seconds, but any byte received resets that
timer and a fresh connection has none: a client that opens connections and sends nothing, or half a
request a byte at a time, would hold them forever. Here a connection that has not sent a complete
request head within `header_timeout_s` of opening (or of its previous response) is closed.
Knows nothing of the app.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class GuardedH11Protocol(H11Protocol):
    header_timeout_s = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        self.loop.call_later(self.header_timeout_s, self._expire, self.cycle)

    def _expire(self, cycle: Any) -> None:
        """Close the connection if no new request has begun since the timer was armed."""
        transport = self.transport
        if transport.is_closing() or transport.get_protocol() is not self:  # closed, or now a WebSocket
            return
        if self.cycle is cycle:
            transport.close()


def guarded_http(header_timeout_s: float) -> type[GuardedH11Protocol]:
    """The protocol class to give uvicorn.Config(http=...), with this deadline."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {"header_timeout_s": header_timeout_s})
