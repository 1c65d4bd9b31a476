"""Stage `llm_usage`: every LLM stage's usage record merged, with totals, into one file; the cost total as a DVC
metric."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from skillsynth.config import Settings
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_json
from skillsynth.llm.usage import merge_usage

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.llm_usage`` (``{"generate": {...}, "label": {...}, "total": {...}}``) and ``paths.llm_cost``."""
    records = {}
    for stage, name in settings.paths.llm_usage_parts.items():
        path = Path(name)
        try:
            records[stage] = json.loads(path.read_text())
        except FileNotFoundError:
            raise SkillsynthError(f"{path}: not found; run the {stage} stage first") from None
        except ValueError as error:
            raise SkillsynthError(f"{path}: not valid JSON ({error}); rerun the {stage} stage") from None
    merged = merge_usage(records)
    total = merged["total"]
    write_json(merged, settings.paths.llm_usage)
    write_json({"cost_usd": total["cost_usd"]}, settings.paths.llm_cost)
    log.info(
        "llm_usage: %d requests, %d cache hits, %d tokens in, %d out, $%.4f -> %s, %s",
        total["requests"],
        total["cache_hits"],
        total["tokens_in"],
        total["tokens_out"],
        total["cost_usd"],
        settings.paths.llm_usage,
        settings.paths.llm_cost,
    )
