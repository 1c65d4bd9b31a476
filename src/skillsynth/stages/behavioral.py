"""Stage `behavioral`: simulated game telemetry and per-skill composites."""

from __future__ import annotations

import logging
import time

from skillsynth.compute import by_sample_blocks
from skillsynth.config import Settings
from skillsynth.contract import TRUE_COLUMNS
from skillsynth.files import read_table, write_table
from skillsynth.generate.telemetry import behavioral_features

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.behavioral``: sample_id plus telemetry and composite columns."""
    started = time.perf_counter()
    responses = read_table(settings.paths.responses, required=("sample_id", "grade", *TRUE_COLUMNS))
    behavior = settings.behavior
    arrays = (responses[list(TRUE_COLUMNS)].to_numpy(), responses["grade"].to_numpy())
    args = (behavior.skill_effect, behavior.grade_effect, behavior.session_minutes, settings.seed)
    compute = settings.compute
    features = by_sample_blocks(compute, behavioral_features, arrays, *args, desc="behavioral")
    features.insert(0, "sample_id", responses["sample_id"].to_numpy())
    path = write_table(features, settings.paths.behavioral)
    log.info(
        "behavioral: %d telemetry + composite columns for %d students on %s compute -> %s in %.1f s",
        features.shape[1] - 1,
        len(features),
        compute.name,
        path,
        time.perf_counter() - started,
    )
