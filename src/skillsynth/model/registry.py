"""The model registry: which model files exist, what they were trained on, and how they scored."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from skillsynth import __version__
from skillsynth.contract import FEATURE_COLUMNS, TELEMETRY_COLUMNS, score_column
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
