"""What waits to be sent to one client: messages in order, with the newest-only kinds coalesced.

A client that reads slowly must not make the server hold an ever-growing queue. Once more than
LAG_CHARS wait unsent (the client lags: a healthy one keeps the queue near empty and gets every
message, which the page's timeline replays), messages with a key (`boundary_snapshot` and
`dropout_mask` per network, `insight_progress` and `insight_partial` per insight) replace an unsent
older message of the same key: the old one leaves its place and the new one joins the end, so it still
follows the epochs it belongs after. Every other message is kept, in order. Knows nothing of sockets,
workers or the engine.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict
from collections.abc import Hashable

COALESCED = frozenset({"boundary_snapshot", "dropout_mask", "insight_progress", "insight_partial"})
LAG_CHARS = 4_000_000  # unsent text beyond which the client lags (~60 maps of 100 x 100): coalesce


def coalescing_key(event_type: str, event: dict | None = None, *, network: str | None = None) -> Hashable:
    """The key under which an event of `event_type` replaces older ones, or None (always kept)."""
    if event_type not in COALESCED:
        return None
    if network is None and event is not None:
        network = event.get("network", event.get("insight"))
    return (event_type, network)


class Outbox:
    """FIFO of JSON texts for one client; `close()` ends it once everything queued has been taken."""

    def __init__(self, lag_chars: int = LAG_CHARS) -> None:
        self.lag_chars = lag_chars
        self._chars = 0  # unsent text, kept up to date: checked on every push
        self._items: OrderedDict[int, str] = OrderedDict()
        self._latest: dict[Hashable, int] = {}  # key -> sequence number of its unsent message
        self._numbers = itertools.count()
        self._ready = asyncio.Event()
        self._closed = False
        self.coalesced = 0  # messages replaced by newer ones (a measure of how far the client lags)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def queued_chars(self) -> int:
        return self._chars

    def push(self, text: str, key: Hashable = None) -> None:
        """Queue `text`; with a `key`, drop the unsent older message of that key. Ignored once closed."""
        if self._closed:
            return
        number = next(self._numbers)
        if key is not None:
            older = self._latest.get(key)
            if older is not None and self._chars > self.lag_chars and older in self._items:
                self._chars -= len(self._items.pop(older))
                self.coalesced += 1
            self._latest[key] = number
        self._items[number] = text
        self._chars += len(text)
        self._ready.set()

    def close(self) -> None:
        """No more messages: `get` returns None once the queue is empty."""
        self._closed = True
        self._ready.set()

    def discard(self) -> None:
        """Drop everything unsent and close (the client is gone)."""
        self._items.clear()
        self._chars = 0
        self._latest.clear()
        self.close()

    async def get(self) -> str | None:
        """The next message, waiting for one; None when closed and empty."""
        while not self._items:
            if self._closed:
                return None
            self._ready.clear()
            await self._ready.wait()
        _, text = self._items.popitem(last=False)
        self._chars -= len(text)
        return text
