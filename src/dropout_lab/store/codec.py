"""How a run's events are packed into two compressed blobs, and unpacked into the identical typed events.

A run's bulk is its boundary maps (grid_size^2 probabilities per snapshot, rounded to 3 decimals). They
go into ``grids``: each value as the integer k = 1000 p in a uint16 array, low bytes then high bytes
(smooth maps make long runs in each), zlib-compressed. Every other field stays in ``events``: one JSON
line per event, zlib-compressed, a snapshot's ``probs`` replaced by ``"_grid": n`` (its count in the
array). Both are lossless: k / 1000 is exactly the double the engine rounded to, a map not on that
lattice stays inline, and NaN or infinite losses survive (JSON's NaN/Infinity tokens).

Knows the event models and the byte layout only: nothing of SQLite or files.
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from ..engine.events import Event, parse_event

CODEC = 1  # stored with each run; a new layout gets a new number and this module keeps reading the old
LEVEL = 6  # zlib: 9 saves ~4% more at 7x the time
GRID = "_grid"
STEPS = 1000  # probs are multiples of 1/1000 (engine/evaluation.py rounds to 3 decimals)


class DecodeError(ValueError):
    """A stored blob cannot be decoded (the file was damaged or edited)."""


def _on_lattice(probs: Sequence[float]) -> list[int] | None:
    """The integers k with p == k / 1000 for every p, or None if any p is not exactly such a value."""
    try:
        ks = [round(p * STEPS) for p in probs]
    except (ValueError, OverflowError):  # NaN or infinity
        return None
    if [k / STEPS for k in ks] != list(probs):  # one C-level comparison: ~3x faster than a generator
        return None
    if ks and (min(ks) < 0 or max(ks) > 0xFFFF):
        return None
    return ks


def _planes(values: array) -> bytes:
    """uint16 values as little-endian bytes, split into the low-byte plane then the high-byte plane."""
    if sys.byteorder == "big":
        values = array("H", values)
        values.byteswap()
    raw = values.tobytes()
    return raw[0::2] + raw[1::2]


def _from_planes(data: bytes) -> array:
    half = len(data) // 2
    raw = bytearray(2 * half)
    raw[0::2], raw[1::2] = data[:half], data[half:]
    values = array("H", bytes(raw))
    if sys.byteorder == "big":
        values.byteswap()
    return values


class EventPacker:
    """Packs events one at a time, as a run yields them: the events blob is compressed as it grows and
    the maps are kept as 16-bit integers (2 bytes a probability instead of ~32 as Python floats), so a
    recorder holds little more than what will be stored. `blobs()` gives what `encode_events` gives."""

    def __init__(self) -> None:
        self._lines = zlib.compressobj(LEVEL)
        self._packed: list[bytes] = []
        self._grid = array("H")
        self._count = 0

    @property
    def size(self) -> int:
        """Bytes held so far: compressed events plus the uncompressed map integers."""
        return sum(len(b) for b in self._packed) + self._grid.itemsize * len(self._grid)

    def add(self, event: Event) -> None:
        payload = event.model_dump()
        if payload["type"] == "boundary_snapshot":
            ks = _on_lattice(payload["probs"])
            if ks is not None:
                del payload["probs"]
                payload[GRID] = len(ks)
                self._grid.extend(ks)
        line = ("\n" if self._count else "") + json.dumps(payload, separators=(",", ":"))
        self._count += 1
        self._packed.append(self._lines.compress(line.encode()))

    def blobs(self) -> tuple[bytes, bytes | None]:
        """(events blob, grids blob or None when no boundary map was on the lattice); call once."""
        packed = b"".join([*self._packed, self._lines.flush()])
        return packed, zlib.compress(_planes(self._grid), LEVEL) if self._grid else None


def encode_events(events: Sequence[Event]) -> tuple[bytes, bytes | None]:
    """(events blob, grids blob or None when the run has no boundary map on the lattice)."""
    packer = EventPacker()
    for event in events:
        packer.add(event)
    return packer.blobs()


def decode_events(packed: bytes, grids: bytes | None, codec: int = CODEC) -> Iterator[Event]:
    """The typed events, in their stored order; raises DecodeError if a blob does not decode."""
    if codec != CODEC:
        raise DecodeError(f"unknown event layout {codec}")
    try:
        lines = zlib.decompress(packed).decode().split("\n")
        grid = _from_planes(zlib.decompress(grids)) if grids is not None else array("H")
    except (zlib.error, UnicodeDecodeError) as exc:
        raise DecodeError(f"its events do not decompress: {exc}") from None
    at = 0
    for line in lines:
        try:
            payload = json.loads(line)
            if GRID in payload:
                n = payload.pop(GRID)
                if at + n > len(grid):
                    raise DecodeError("its boundary maps are shorter than its events say")
                payload["probs"] = [k / STEPS for k in grid[at : at + n]]
                at += n
            event = parse_event(payload)
        except DecodeError:
            raise
        except ValueError as exc:  # JSON and pydantic validation errors are ValueErrors
            raise DecodeError(f"an event does not decode: {str(exc)[:200]}") from None
        yield event
    if at != len(grid):
        raise DecodeError("its boundary maps do not match its events")


def encode_result(result: Any) -> bytes:
    """An insight's result (a dict, or a pydantic model) as zlib-compressed JSON."""
    data = result.model_dump(mode="python") if hasattr(result, "model_dump") else result
    return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), LEVEL)


def decode_result(packed: bytes) -> dict[str, Any]:
    try:
        data = json.loads(zlib.decompress(packed).decode())
    except (zlib.error, ValueError) as exc:
        raise DecodeError(f"its result does not decode: {exc}") from None
    if not isinstance(data, dict):
        raise DecodeError("its result is not an object")
    return data
