"""The model registry: which model files exist, what they were trained on, and how they scored."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from skillsynth import __version__
from skillsynth.contract import FEATURE_COLUMNS, TELEMETRY_COLUMNS, score_column
from skillsynth.errors import SkillsynthError

REGISTRY_VERSION = 1


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


def build_registry(
    models: dict[str, dict[str, Any]],
    params: dict[str, Any],
    data: dict[str, Any],
    split: dict[str, Any],
) -> dict[str, Any]:
    """The registry document; ``models`` maps skill to file, sha256 and metrics."""
    return {
        "registry_version": REGISTRY_VERSION,
        "skillsynth_version": __version__,
        "features": list(FEATURE_COLUMNS),
        "inputs": ["text", "grade", *TELEMETRY_COLUMNS],
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
