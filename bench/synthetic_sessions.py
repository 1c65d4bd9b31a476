"""New sessions for the benchmarks, made by the project's own generator with a seed other than training's."""

from __future__ import annotations

import pandas as pd

from skillsynth.config import Settings
from skillsynth.contract import TELEMETRY_COLUMNS, TRUE_COLUMNS
from skillsynth.generate.students import draw_students
from skillsynth.generate.telemetry import behavioral_features
from skillsynth.generate.template_generator import style_of, template_responses


def synthetic_sessions(settings: Settings, count: int, seed: int) -> pd.DataFrame:
    """``count`` sessions: ``id``, ``text``, ``grade`` and the telemetry columns, as a class export has them."""
    data, latent, behavior = settings.data, settings.data.latent, settings.behavior
    students = draw_students(
        count, data.skills, data.grades, latent.level_means, latent.within_level_sd, latent.skill_correlation, seed
    )
    texts = template_responses(students, seed, style_of(settings.generator))
    telemetry = behavioral_features(
        students[list(TRUE_COLUMNS)].to_numpy(),
        students["grade"].to_numpy(),
        behavior.skill_effect,
        behavior.grade_effect,
        behavior.session_minutes,
        seed,
    )
    return pd.DataFrame(
        {
            "id": students["sample_id"],
            "text": texts["text"],
            "grade": students["grade"],
            **{name: telemetry[name] for name in TELEMETRY_COLUMNS},
        }
    )
