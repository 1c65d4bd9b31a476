"""Stage `label`: the four skill scores of every sample."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.contract import LABEL_COLUMNS, TRUE_COLUMNS
from skillsynth.files import read_table, write_table
from skillsynth.label.heuristic import heuristic_scores

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.labels``: sample_id plus ``<skill>_score`` columns."""
    started = time.perf_counter()
    responses = read_table(settings.paths.responses, required=("sample_id", "skill", *TRUE_COLUMNS))
    labeler = settings.labeler
    scores = heuristic_scores(
        responses[list(TRUE_COLUMNS)].to_numpy(), responses["skill"],
        labeler.rubric_floor, labeler.rubric_ceiling, labeler.rubric_levels,
        labeler.noise_sd, labeler.off_target_noise_sd, settings.seed,
    )
    scores.insert(0, "sample_id", responses["sample_id"].to_numpy())
    path = write_table(scores, settings.paths.labels)
    means = scores[list(LABEL_COLUMNS)].mean().round(3).to_dict()
    log.info(
        "label: %d samples scored by the %s labeler (means %s) -> %s in %.1f s",
        len(scores), labeler.name, means, path, time.perf_counter() - started,
    )
