"""The model registry: which model files exist, what they were trained on, and how they scored."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import xgboost as xgb

from skillsynth import __version__
from skillsynth.contract import FEATURE_COLUMNS, SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.errors import SkillsynthError

REGISTRY_VERSION = 1
REGISTRY_FILE = "model_registry.json"  # inside the models folder, where `predict` and `serve` look for it


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_filename(skill: str) -> str:
    """File name of ``skill``'s model inside the models folder."""
    return f"{skill}.json"


def nlp_record(model: str) -> dict[str, str | None]:
    """The spaCy pipeline the linguistic features were computed with: name and installed version."""
    try:
        installed = version(model)
    except PackageNotFoundError:
        installed = None
    return {"model": model, "version": installed}


def build_registry(
    models: dict[str, dict[str, Any]],
    params: dict[str, Any],
    data: dict[str, Any],
    split: dict[str, Any],
    nlp: dict[str, str | None],
    serve: dict[str, int],
    features: list[str] | None = None,
    distribution: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The registry document; ``models`` maps skill to file, sha256 and metrics. It holds all that
    `predict` and `serve` need besides the model files: the spaCy pipeline, the session limits,
    ``features``, the columns the models read (every feature when None), and ``distribution``, the
    training distribution the out-of-distribution flags compare sessions with (model/distribution.py)."""
    return {
        "registry_version": REGISTRY_VERSION,
        "skillsynth_version": __version__,
        "features": list(features if features is not None else FEATURE_COLUMNS),
        "inputs": ["text", "grade", *TELEMETRY_COLUMNS],
        **({"distribution": distribution} if distribution is not None else {}),
        "nlp": nlp,
        "serve": serve,
        "params": params,
        "data": data,
        "split": split,
        "models": {
            skill: {"target": score_column(skill), **entry} for skill, entry in models.items()
        },
    }


def read_registry(path: Path | str) -> dict[str, Any]:
    """Load a registry, stopping with one line if it is missing or not a registry."""
    path = Path(path)
    try:
        registry = json.loads(path.read_text())
    except FileNotFoundError:
        raise SkillsynthError(f"{path}: not found; run `dvc repro train`") from None
    except json.JSONDecodeError as error:
        raise SkillsynthError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(registry, dict) or registry.get("registry_version") != REGISTRY_VERSION:
        raise SkillsynthError(f"{path}: expected a model registry with registry_version {REGISTRY_VERSION}")
    return registry


def verify_model_file(registry: dict[str, Any], skill: str, models_dir: Path | str) -> Path:
    """The path of ``skill``'s model after checking its hash against the registry."""
    entry = registry["models"].get(skill)
    if entry is None:
        raise SkillsynthError(f"model registry: no model for skill {skill!r}")
    path = Path(models_dir) / entry["file"]
    if not path.is_file():
        raise SkillsynthError(f"{path}: listed in the model registry but missing")
    actual = file_sha256(path)
    if actual != entry["sha256"]:
        raise SkillsynthError(
            f"{path}: sha256 {actual[:12]}… does not match the registry's {entry['sha256'][:12]}…"
        )
    return path


def _check_features(registry: dict[str, Any], path: Path, booster: xgb.XGBRegressor) -> None:
    """Stop unless the model was trained on exactly the registry's feature list, in its order."""
    listed = list(registry["features"])
    trained = list(booster.get_booster().feature_names or [])
    if trained == listed:
        return
    if len(trained) != len(listed):
        detail = f"model has {len(trained)} features, the registry lists {len(listed)}"
    else:
        position = next(i for i, (a, b) in enumerate(zip(trained, listed, strict=True)) if a != b)
        detail = f"feature {position} is {trained[position]!r} in the model, {listed[position]!r} in the registry"
    raise SkillsynthError(f"{path}: feature list disagrees with the model registry: {detail}")


def load_models(registry_path: Path | str, models_dir: Path | str) -> tuple[dict, dict[str, xgb.XGBRegressor]]:
    """The registry and every model it lists, each checked against its recorded hash and feature list."""
    registry = read_registry(registry_path)
    listed_features = list(registry.get("features", []))
    in_order = [name for name in FEATURE_COLUMNS if name in listed_features]
    if not listed_features or listed_features != in_order:
        unknown = [name for name in listed_features if name not in FEATURE_COLUMNS]
        raise SkillsynthError(
            f"{registry_path}: features are not ones this skillsynth computes (unknown {unknown}"
            f"{', or not in contract order' if not unknown else ''}); retrain with `dvc repro train`"
        )
    listed = sorted(registry.get("models", {}))
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
