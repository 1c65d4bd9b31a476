"""Real-shaped labelled files for tests, built from a shifted synthetic world (no real data ships with the project).

Another seed draws the students; a rater with a bias and coarse rubric steps scores them on a
1-4 scale; some sessions have a second rater; some skills are unrated, one never is, and the
file holds only some telemetry signals, with gaps. Classrooms group the sessions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from support import run_stages, settings_in

from skillsynth.contract import LABEL_COLUMNS, TELEMETRY_COLUMNS

SCALE = (1, 4)
KEPT_TELEMETRY = TELEMETRY_COLUMNS[:6]  # a game that logs 6 of the 9 signals
UNRATED_SKILL = "resilience_score"  # never rated in the pilot


def shifted_world(root: Path, count: int, seed: int) -> pd.DataFrame:
    """Responses, telemetry and heuristic labels of ``count`` students of another seed, joined on sample_id."""
    settings = settings_in(root, f"data.count={count}", f"seed={seed}")
    run_stages(settings, ("generate", "behavioral", "label"))
    paths = settings.paths
    frames = [pd.read_parquet(path) for path in (paths.responses, paths.behavioral, paths.labels)]
    world = frames[0]
    for frame in frames[1:]:
        world = world.merge(frame[[c for c in frame.columns if c not in world or c == "sample_id"]], on="sample_id")
    return world


def _rate(scores: np.ndarray, bias: float, noise_sd: float, rng: np.random.Generator) -> np.ndarray:
    """A rater's scores on the 1-4 scale, in half steps, from [0, 1] labels."""
    low, high = SCALE
    rated = low + (high - low) * scores + bias + rng.normal(0.0, noise_sd, scores.shape)
    return np.clip(np.round(rated * 2) / 2, low, high)


def real_shaped_file(
    root: Path, count: int = 160, seed: int = 7, second_rater_share: float = 0.4, missing_share: float = 0.25
) -> pd.DataFrame:
    """A team's labelled file: id, text, grade, classroom, rater, 6 telemetry signals (with gaps), 3 of 4 scores."""
    world = shifted_world(root, count, seed)
    rng = np.random.default_rng(seed)
    ids = [f"pilot-{i:04d}" for i in range(count)]
    base = pd.DataFrame(
        {
            "id": ids,
            "text": world["text"],
            "grade": world["grade"],
            "group_id": [f"class-{i // 8:02d}" for i in range(count)],  # classrooms of 8
        }
    )
    for name in KEPT_TELEMETRY:
        values = world[name].astype(float).where(rng.random(count) >= 0.1)  # one cell in ten not logged
        base[name] = values
    labels = world[list(LABEL_COLUMNS)].to_numpy()
    first = base.assign(rater_id="teacher-a", **dict(zip(LABEL_COLUMNS, _rate(labels, -0.2, 0.25, rng).T, strict=True)))
    twice = rng.random(count) < second_rater_share
    second = base.loc[twice].assign(
        rater_id="teacher-b", **dict(zip(LABEL_COLUMNS, _rate(labels[twice], 0.1, 0.25, rng).T, strict=True))
    )
    table = pd.concat([first, second]).sort_index(kind="stable").reset_index(drop=True)
    unrated = rng.random(len(table)) < missing_share
    table.loc[unrated, "problem_solving_score"] = np.nan  # a skill rated on most sessions only
    return table.drop(columns=[UNRATED_SKILL])


def write_real_file(table: pd.DataFrame, project: Path, name: str = "pilot.csv") -> Path:
    """``table`` as a CSV inside the project's data/real/, as a team would export it."""
    path = project / "data" / "real" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False)
    return path
