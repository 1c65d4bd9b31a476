"""The scoring core shared by `predict` and `serve`: the loaded models, and sessions in -> skill scores out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb
from spacy.language import Language

from skillsynth.config import Nlp
from skillsynth.contract import SKILLS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.features.linguistic import load_pipeline
from skillsynth.model.registry import load_models, nlp_record
from skillsynth.model.train import predict_scores
from skillsynth.session_features import session_features

log = logging.getLogger(__name__)
SCORE_COLUMNS: tuple[str, ...] = tuple(score_column(skill) for skill in SKILLS)


@dataclass(frozen=True)
class ScoringModels:
    """Everything scoring needs, loaded once: the registry, a model per skill, the spaCy pipeline."""

    registry: dict[str, Any]
    boosters: dict[str, xgb.XGBRegressor]
    nlp: Language
    nlp_model: str
    batch_size: int


def _registry_nlp_model(registry: dict[str, Any], registry_path: Path, nlp: Nlp) -> str:
    """The spaCy pipeline the models' linguistic features came from, as the registry records it."""
    recorded = registry.get("nlp") or {}
    name = recorded.get("model")
    if name is None:
        log.warning(
            "%s: predates recording the spaCy pipeline; using nlp.model = %r from the config "
            "(rerun `dvc repro train` to record it)", registry_path, nlp.model,
        )
        return nlp.model
    installed = nlp_record(name)["version"]
    if recorded.get("version") and installed and installed != recorded["version"]:
        log.warning(
            "%s: models were trained on features from %s %s, but %s is installed; scores may drift",
            registry_path, name, recorded["version"], installed,
        )
    return name


def load_scoring_models(models_dir: Path | str, registry_name: str, nlp: Nlp) -> ScoringModels:
    """Load and check every model the registry in ``models_dir`` lists, and the spaCy pipeline it names."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        raise SkillsynthError(f"{models_dir}: not a folder; expected the models folder that `dvc repro train` writes")
    registry_path = models_dir / registry_name
    registry, boosters = load_models(registry_path, models_dir)
    for booster in boosters.values():
        # One thread: a request's few rows cost more in thread start-up than they save, and the
        # spaCy parse, not the trees, bounds a large file's throughput.
        booster.set_params(n_jobs=1)
    nlp_model = _registry_nlp_model(registry, registry_path, nlp)
    return ScoringModels(registry, boosters, load_pipeline(nlp_model), nlp_model, nlp.batch_size)


def score_sessions(sessions: pd.DataFrame, models: ScoringModels, progress: bool = False) -> pd.DataFrame:
    """The ``<skill>_score`` of each session, in [0, 1], on the sessions' index.

    ``sessions`` holds ``text`` and any of the telemetry columns (other columns are ignored; a missing
    column or an empty cell is a signal the session lacks, as is a missing or blank text). The
    features are made by ``session_features``, the code the `real` stage uses; then each skill's
    model scores them, as `evaluate` does.
    """
    if sessions.empty:
        return pd.DataFrame({name: pd.Series(dtype="float64") for name in SCORE_COLUMNS}, index=sessions.index)
    texts = sessions["text"].tolist() if "text" in sessions else [None] * len(sessions)
    features = session_features(texts, sessions, models.nlp, models.batch_size, progress)
    # A plain array skips XGBoost's per-call DataFrame checks; the column order is the registry's,
    # which load_models has checked against every model's own feature list.
    matrix = features.loc[:, list(models.registry["features"])].to_numpy()
    scores = {score_column(skill): predict_scores(models.boosters[skill], matrix) for skill in SKILLS}
    return pd.DataFrame(scores, index=sessions.index)


def plain_scores(scores: pd.DataFrame) -> list[dict[str, float]]:
    """Each row of ``score_sessions``' table as plain floats with the shortest decimals that round-trip
    the models' float32 outputs: the same numbers a CSV of the table shows, for JSON."""
    columns = {
        name: [float(np.format_float_positional(value, unique=True, trim="0")) for value in scores[name].to_numpy()]
        for name in scores.columns
    }
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
