"""The scoring core shared by `predict` and `serve`: the loaded models, and sessions in -> skill scores and
out-of-distribution flags out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb
from pydantic import ValidationError
from spacy.language import Language

from skillsynth.config import Serve, describe_validation_error
from skillsynth.contract import SKILLS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.features.linguistic import load_pipeline
from skillsynth.features.workers import WorkerPool
from skillsynth.inference.watch import LoadedFiles
from skillsynth.model.distribution import IN_DISTRIBUTION, OUTSIDE, TrainingDistribution, read_distribution
from skillsynth.model.predictor import load_models, predict_scores
from skillsynth.model.registry import REGISTRY_FILE, Registry, file_sha256, nlp_record
from skillsynth.session_features import session_features

log = logging.getLogger(__name__)
SCORE_COLUMNS: tuple[str, ...] = tuple(score_column(skill) for skill in SKILLS)
NLP_BATCH_SIZE = 256  # texts per spaCy batch when a file is scored; only the speed depends on it


@dataclass(frozen=True)
class ScoringModels:
    """Everything scoring needs, loaded once from a models folder: the registry, a model per skill, the
    spaCy pipeline the registry names, the limits and training distribution it records, and the files
    as they were loaded."""

    registry: Registry
    boosters: dict[str, xgb.XGBRegressor]
    nlp: Language
    nlp_model: str
    limits: dict[str, int]  # the Serve section's fields this use of the models needs, at least
    files: LoadedFiles
    # The linguistic measurers, set up once: per call they cost about half of a one-session request.
    features: WorkerPool
    distribution: TrainingDistribution
    batch_size: int = NLP_BATCH_SIZE


def _registry_nlp_model(registry: Registry, registry_path: Path) -> str:
    """The spaCy pipeline the models' linguistic features came from, as the registry records it."""
    recorded = registry.nlp
    if not recorded.model:
        raise SkillsynthError(
            f"{registry_path}: records no spaCy pipeline (nlp.model); rerun `dvc repro train` to record it"
        )
    installed = nlp_record(recorded.model).version
    if recorded.version and installed and installed != recorded.version:
        log.warning(
            "%s: models were trained on features from %s %s, but %s is installed; scores may drift",
            registry_path,
            recorded.model,
            recorded.version,
            installed,
        )
    return recorded.model


def registry_limits(
    registry: Registry,
    registry_path: Path,
    overrides: dict[str, int | None] | None = None,
    needed: tuple[str, ...] = tuple(Serve.model_fields),
) -> dict[str, int]:
    """The session limits the registry records (the `serve` section train ran with), with ``overrides``
    (an option of `predict`/`serve`) taking precedence; stops if one of ``needed`` is in neither."""
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    limits = {name: value for name, value in {**registry.serve, **given}.items() if name in Serve.model_fields}
    missing = [name for name in needed if name not in limits]
    if missing:
        raise SkillsynthError(
            f"{registry_path}: records no serve limits {missing}; rerun `dvc repro train`, or give them as options"
        )
    try:  # the Serve section's own checks; a limit neither recorded nor needed is checked as 1
        Serve.model_validate({**dict.fromkeys(Serve.model_fields, 1), **limits})
    except ValidationError as error:
        raise SkillsynthError(describe_validation_error(error, f"{registry_path} (serve limits)")) from None
    return limits


def load_scoring_models(
    models_dir: Path | str,
    limit_overrides: dict[str, int | None] | None = None,
    needed_limits: tuple[str, ...] = tuple(Serve.model_fields),
) -> ScoringModels:
    """Load and check every model the registry in ``models_dir`` lists, and the spaCy pipeline it names,
    with the session limits it records (``limit_overrides`` first). Needs nothing but the folder: no
    params.yaml, no conf/."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        raise SkillsynthError(f"{models_dir}: not a folder; expected the models folder that `dvc repro train` writes")
    registry_path = models_dir / REGISTRY_FILE
    registry, boosters = load_models(registry_path, models_dir)
    for booster in boosters.values():
        # One thread: a request's few rows cost more in thread start-up than they save, and the
        # spaCy parse, not the trees, bounds a large file's throughput.
        booster.set_params(n_jobs=1)
    limits = registry_limits(registry, registry_path, limit_overrides, needed_limits)
    distribution = read_distribution(registry.distribution, str(registry_path))
    nlp_model = _registry_nlp_model(registry, registry_path)
    hashes = {models_dir / entry.file: entry.sha256 for entry in registry.models.values()}
    files = LoadedFiles({**hashes, registry_path: file_sha256(registry_path)})
    nlp = load_pipeline(nlp_model)
    # One process: a request's few texts would not pay for a pool, and a file's rows are parsed fast
    # enough in one (the pool also keeps BLAS on one thread, as the linguistic stage does).
    features = WorkerPool(nlp, NLP_BATCH_SIZE, processes=1)
    return ScoringModels(registry, boosters, nlp, nlp_model, limits, files, features, distribution)


def score_sessions(sessions: pd.DataFrame, models: ScoringModels, progress: bool = False) -> pd.DataFrame:
    """The ``<skill>_score`` of each session, in [0, 1], and its out-of-distribution flags
    (``in_distribution``, and ``out_of_distribution``: the names of what fell outside), on the sessions' index.

    ``sessions`` holds ``text`` and any of the telemetry columns (other columns are ignored; a missing
    column or an empty cell is a signal the session lacks, as is a missing or blank text). The
    features are made by ``session_features``, the code the `real` stage uses; then each skill's
    model scores them, as `evaluate` does, and the registry's training distribution flags them, as
    `evaluate` flags held-out rows (a missing input is never a flag).
    """
    if sessions.empty:
        columns = {name: pd.Series(dtype="float64") for name in SCORE_COLUMNS}
        flags = {IN_DISTRIBUTION: pd.Series(dtype=bool), OUTSIDE: pd.Series(dtype=object)}
        return pd.DataFrame({**columns, **flags}, index=sessions.index)
    texts = sessions["text"].tolist() if "text" in sessions else [None] * len(sessions)
    features = session_features(texts, sessions, models.nlp, models.batch_size, progress, pool=models.features)
    # A plain array skips XGBoost's per-call DataFrame checks; the column order is the registry's,
    # which load_models has checked against every model's own feature list.
    matrix = features.loc[:, models.registry.features].to_numpy()
    scores = {score_column(skill): predict_scores(models.boosters[skill], matrix) for skill in SKILLS}
    flags = models.distribution.flags(features)
    return pd.DataFrame(scores, index=sessions.index).join(flags.set_axis(sessions.index))


def plain_scores(scores: pd.DataFrame) -> list[dict[str, float]]:
    """Each row of ``score_sessions``' table as plain floats with the shortest decimals that round-trip
    the models' float32 outputs: the same numbers a CSV of the table shows, for JSON."""
    columns = {
        name: [float(np.format_float_positional(value, unique=True, trim="0")) for value in scores[name].to_numpy()]
        for name in scores.columns
    }
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
