"""The model registry: which model files exist, what they were trained on, and how they scored.

One typed document: `train` writes it, and `evaluate`, `behaviour`, `predict` and `serve` read it.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from skillsynth.config import describe_validation_error
from skillsynth.contract import GROUP, TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError

REGISTRY_VERSION: Final = 1
REGISTRY_FILE = "model_registry.json"  # inside the models folder, where `predict` and `serve` look for it


def _omitted_when_none(value: Any) -> bool:
    return value is None


class Record(BaseModel):
    """A part of the registry: its keys are exactly these, and it never changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpRecord(Record):
    """The spaCy pipeline the linguistic features were computed with: name and installed version."""

    model: str
    version: str | None  # None when the pipeline is not an installed package


class HeldOutMetrics(Record):
    """A model's fit on held-out rows (model/metrics.py ``regression_metrics``)."""

    r2: float
    mae: float
    rmse: float
    n: int


class ModelEntry(Record):
    """One skill's model: its file in the models folder, the file's hash, its target and its held-out figures."""

    file: str
    sha256: str
    target: str
    heldout_metrics: HeldOutMetrics
    # with rated real rows
    real_heldout_metrics: HeldOutMetrics | None = Field(default=None, exclude_if=_omitted_when_none)


class RealDataRecord(Record):
    """The real sessions train read (none is 0 rows), and how many trained and were held out."""

    path: str
    sha256: str
    rows: int
    train_rows: int
    test_rows: int


class DataRecord(Record):
    """The training table train read, and how its synthetic rows were used."""

    path: str
    sha256: str
    rows: int
    train_rows: int  # synthetic rows in the training pool
    test_rows: int  # synthetic rows held out by skill and scenario
    unseen_wording_rows: int  # synthetic rows in held-out wording, always held out
    real: RealDataRecord


class SplitRecord(Record):
    """How train split and weighted the rows: `evaluate` and `behaviour` rebuild the same design from it."""

    group_column: Literal["template_id"] = "template_id"
    strata_column: Literal["skill"] = "skill"
    held_out_wording_column: Literal["wording"] = "wording"
    real_group_column: str = GROUP.name
    test_size: float
    seed: int
    real_fraction: float
    telemetry_dropout: float = 0.0
    text_dropout: float = 0.0


class Registry(Record):
    """All that `predict` and `serve` need besides the model files (the spaCy pipeline, the session limits,
    the columns the models read, the training distribution the out-of-distribution flags compare sessions
    with), and what `evaluate` needs to rebuild the design train used."""

    registry_version: Literal[1] = REGISTRY_VERSION
    skillsynth_version: str
    features: list[str]  # the columns the models read, in contract order
    inputs: list[str] = Field(default_factory=lambda: ["text", "grade", *TELEMETRY_COLUMNS])  # a session's raw fields
    # model/distribution.py's record
    distribution: dict[str, Any] | None = Field(default=None, exclude_if=_omitted_when_none)
    nlp: NlpRecord
    serve: dict[str, int] = Field(default_factory=dict)  # the `serve` section train ran with: the session limits
    params: dict[str, Any]  # the XGBoost parameters (model/fitting.py ``xgboost_params``)
    data: DataRecord
    split: SplitRecord
    models: dict[str, ModelEntry]  # skill -> its model


def file_sha256(path: Path | str) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def nlp_record(model: str) -> NlpRecord:
    """The spaCy pipeline ``model`` with its installed version (None when it is not installed)."""
    try:
        installed = version(model)
    except PackageNotFoundError:
        installed = None
    return NlpRecord(model=model, version=installed)


def read_registry(path: Path | str) -> Registry:
    """Load a registry, stopping with one line if it is missing, not a registry, or a key is wrong."""
    path = Path(path)
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise SkillsynthError(f"{path}: not found; run `dvc repro train`") from None
    except json.JSONDecodeError as error:
        raise SkillsynthError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("registry_version") != REGISTRY_VERSION:
        raise SkillsynthError(f"{path}: expected a model registry with registry_version {REGISTRY_VERSION}")
    try:
        return Registry.model_validate(document)
    except ValidationError as error:
        raise SkillsynthError(f"{describe_validation_error(error, str(path))}; rerun `dvc repro train`") from None
