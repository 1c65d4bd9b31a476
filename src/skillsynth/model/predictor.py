"""Loading the trained models from their folder, checked against the registry, and scoring with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xgboost as xgb

from skillsynth.contract import FEATURE_COLUMNS, SKILLS
from skillsynth.errors import SkillsynthError
from skillsynth.model.registry import Registry, file_sha256, read_registry


def feature_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """The model inputs: contract feature columns only, never level, truth, ids or text."""
    return frame.loc[:, list(FEATURE_COLUMNS)].astype("float64")


def predict_scores(booster: xgb.XGBRegressor, features: pd.DataFrame | np.ndarray) -> np.ndarray:
    """Scores in [0, 1] for ``features``: a table (the columns the model reads are taken from it by name),
    or a plain array of exactly those columns in the model's order."""
    if isinstance(features, pd.DataFrame):
        names = booster.get_booster().feature_names
        if names is None:
            raise ValueError("the model records no feature names; expected a model trained on a table")
        features = features.loc[:, list(names)]
    return np.clip(booster.predict(features), 0.0, 1.0)


def verify_model_file(registry: Registry, skill: str, models_dir: Path | str) -> Path:
    """The path of ``skill``'s model after checking its hash against the registry."""
    entry = registry.models.get(skill)
    if entry is None:
        raise SkillsynthError(f"model registry: no model for skill {skill!r}")
    path = Path(models_dir) / entry.file
    if not path.is_file():
        raise SkillsynthError(f"{path}: listed in the model registry but missing")
    actual = file_sha256(path)
    if actual != entry.sha256:
        raise SkillsynthError(f"{path}: sha256 {actual[:12]}… does not match the registry's {entry.sha256[:12]}…")
    return path


def _check_features(registry: Registry, path: Path, booster: xgb.XGBRegressor) -> None:
    """Stop unless the model was trained on exactly the registry's feature list, in its order."""
    listed = registry.features
    trained = list(booster.get_booster().feature_names or [])
    if trained == listed:
        return
    if len(trained) != len(listed):
        detail = f"model has {len(trained)} features, the registry lists {len(listed)}"
    else:
        position = next(i for i, (a, b) in enumerate(zip(trained, listed, strict=True)) if a != b)
        detail = f"feature {position} is {trained[position]!r} in the model, {listed[position]!r} in the registry"
    raise SkillsynthError(f"{path}: feature list disagrees with the model registry: {detail}")


def load_models(registry_path: Path | str, models_dir: Path | str) -> tuple[Registry, dict[str, xgb.XGBRegressor]]:
    """The registry and every model it lists, each checked against its recorded hash and feature list."""
    registry = read_registry(registry_path)
    listed_features = registry.features
    in_order = [name for name in FEATURE_COLUMNS if name in listed_features]
    if not listed_features or listed_features != in_order:
        unknown = [name for name in listed_features if name not in FEATURE_COLUMNS]
        raise SkillsynthError(
            f"{registry_path}: features are not ones this skillsynth computes (unknown {unknown}"
            f"{', or not in contract order' if not unknown else ''}); retrain with `dvc repro train`"
        )
    listed = sorted(registry.models)
    if listed != sorted(SKILLS):
        raise SkillsynthError(f"{registry_path}: lists models for {listed}; expected one per skill {list(SKILLS)}")
    models = {}
    for skill in SKILLS:
        path = verify_model_file(registry, skill, models_dir)
        booster = xgb.XGBRegressor()
        try:
            booster.load_model(path)
        except xgb.core.XGBoostError as error:
            reason = str(error).strip().splitlines()[0]
            raise SkillsynthError(f"{path}: not a loadable XGBoost model ({reason})") from None
        _check_features(registry, path, booster)
        models[skill] = booster
    return registry, models
