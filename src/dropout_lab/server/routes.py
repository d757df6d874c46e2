"""Plain HTTP routes: the two pages, the favicon, the configuration and analyses schemas. Thin by design."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from dropout_lab.engine.config import MAX_DROPOUT, knob_specs
from dropout_lab.engine.insights.catalog import INSIGHTS
from dropout_lab.engine.insights.params import param_specs
from dropout_lab.engine.presets import PATTERN_TABLE, PRESETS

from .code_sources import data_code

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter()


@router.get("/api/config")
def get_config() -> dict[str, Any]:
    return lab_config()


@cache  # fixed for the life of the process; building it takes ~70 ms of schema generation
def lab_config() -> dict[str, Any]:
    """Every knob (name, type, default, range, label, help, group), the presets and the pattern table.

    Each knob also carries `allowed`, the engine's own wording of its range, so the page's messages
    match the server's validation errors word for word.
    """
    return {
        "knobs": knob_specs(),
        "presets": [preset.to_dict() for preset in PRESETS],
        "pattern_table": list(PATTERN_TABLE),
        "max_dropout": MAX_DROPOUT,
        "code": data_code(),  # the lab's data functions, copied into the page's runnable PyTorch code
    }


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")


@router.get("/insights", include_in_schema=False)
def insights_page() -> FileResponse:
    return FileResponse(STATIC_DIR / "insights.html", headers={"Cache-Control": "no-cache"})


@router.get("/api/insights")
def insights_schema() -> dict[str, Any]:
    """Every insight with its title, one-line summary and parameters (name, type, default, allowed...)."""
    return {
        "insights": [
            {"name": i.name, "title": i.title, "summary": i.summary, "params": param_specs(i.params)}
            for i in INSIGHTS.values()
        ]
    }
