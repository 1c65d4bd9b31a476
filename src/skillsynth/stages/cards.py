"""Stage `cards`: the model card and the dataset card, from this run's settings, data, metrics and reports."""

from __future__ import annotations

import json
import logging
from functools import partial
from pathlib import Path
from typing import Any

from skillsynth.cards.render import CardInputs, dataset_card, model_card
from skillsynth.config import Settings
from skillsynth.contract import TRAINING_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_atomic
from skillsynth.model.registry import read_registry
from skillsynth.model.summary import join_metrics

log = logging.getLogger(__name__)


def _read_json(path: Path | str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise SkillsynthError(f"{path}: not found; run `dvc repro` to build the {what}") from None
    except ValueError as error:
        raise SkillsynthError(f"{path}: not valid JSON ({error}); rebuild the {what} with `dvc repro`") from None


def _optional_json(path: Path | str, what: str) -> Any:
    """A report another stage writes, or None when this run has none."""
    return _read_json(path, what) if Path(path).is_file() else None


def card_inputs(settings: Settings) -> CardInputs:
    """Everything the cards describe, read from this run's outputs."""
    paths = settings.paths
    metrics = join_metrics(_read_json(paths.metrics, "metrics"), _read_json(paths.metrics_detail, "metrics"))
    gates = [
        _read_json(report, f"{suite} gate report")
        for suite, report in paths.quality_reports.items()
        if Path(report).is_file()
    ]
    return CardInputs(
        settings=settings.model_dump(mode="json"),
        registry=read_registry(paths.registry).model_dump(),
        metrics=metrics,
        training=read_table(paths.training_data, required=TRAINING_COLUMNS),
        gates=gates,
        llm_usage=_read_json(paths.llm_usage, "LLM usage report"),
        fidelity=_optional_json(paths.fidelity, "fidelity report"),
        behaviour=_optional_json(paths.behaviour, "behaviour report"),
    )


def run(settings: Settings) -> None:
    """Write ``paths.model_card`` and ``paths.dataset_card``."""
    inputs = card_inputs(settings)
    cards = ((settings.paths.model_card, model_card(inputs)), (settings.paths.dataset_card, dataset_card(inputs)))
    for path, text in cards:
        write_atomic(path, partial(Path.write_text, data=text, encoding="utf-8"))
    optional = [name for name, report in (("fidelity", inputs.fidelity), ("behaviour", inputs.behaviour)) if report]
    log.info(
        "cards: %s, %s (optional reports included: %s)",
        settings.paths.model_card,
        settings.paths.dataset_card,
        ", ".join(optional) or "none",
    )
