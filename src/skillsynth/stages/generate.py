"""Stage `generate`: simulated students and their spoken responses."""

from __future__ import annotations

import logging
import time

import pandas as pd

from skillsynth.config import Settings
from skillsynth.contract import RESPONSE_COLUMNS
from skillsynth.files import write_table
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import template_responses

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.responses``: one row per student with text, template_id and latent skills."""
    started = time.perf_counter()
    data, latent = settings.data, settings.data.latent
    students = draw_students(
        data.count, data.skills, data.grades, latent.level_means,
        latent.within_level_sd, latent.skill_correlation, settings.seed,
    )
    generator = settings.generator
    responses = template_responses(
        students, settings.seed, generator.max_moves, generator.disfluency, progress=True
    )
    table = pd.concat([students, responses], axis=1).loc[:, list(RESPONSE_COLUMNS)]
    path = write_table(table, settings.paths.responses)
    log.info(
        "generate: %d responses (%d distinct texts, %d templates) by %s -> %s in %.1f s",
        len(table), table["text"].nunique(), table["template_id"].nunique(),
        generator.name, path, time.perf_counter() - started,
    )
