"""The model registry: one typed document train writes and later stages read; the design rebuilt from it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from skillsynth.config import Settings
from skillsynth.contract import SKILLS, score_column
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_json
from skillsynth.model.registry import REGISTRY_FILE, HeldOutMetrics, ModelEntry, Registry, read_registry
from skillsynth.stages._design import load_design
from skillsynth.stages.train import split_record


def _tampered(trained: Settings, tmp_path: Path, change) -> Path:
    """A copy of the trained registry with ``change`` applied to its JSON document."""
    document = json.loads(Path(trained.paths.registry).read_text())
    change(document)
    path = tmp_path / REGISTRY_FILE
    path.write_text(json.dumps(document))
    return path


def test_what_train_wrote_reads_back_and_writes_the_same_bytes(trained: Settings, tmp_path: Path) -> None:
    registry = read_registry(trained.paths.registry)
    assert isinstance(registry, Registry) and sorted(registry.models) == sorted(SKILLS)
    assert all(registry.models[skill].target == score_column(skill) for skill in SKILLS)
    again = write_json(registry.model_dump(), tmp_path / REGISTRY_FILE)
    assert again.read_bytes() == Path(trained.paths.registry).read_bytes()


def test_no_real_figures_means_no_key() -> None:
    metrics = HeldOutMetrics(r2=0.5, mae=0.1, rmse=0.2, n=40)
    entry = ModelEntry(file="empathy.json", sha256="0" * 64, target="empathy_score", heldout_metrics=metrics)
    assert "real_heldout_metrics" not in entry.model_dump()
    assert entry.model_dump()["heldout_metrics"]["n"] == 40  # a count stays an integer in the JSON


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["split"].update(shuffle=True), r"split\.shuffle is not a known setting"),
        (lambda d: d["data"].pop("sha256"), r"data\.sha256 is missing"),
        (
            lambda d: d["models"]["empathy"]["heldout_metrics"].update(r2="high"),
            r"models\.empathy\.heldout_metrics\.r2 = 'high'",
        ),
        (lambda d: d.update(registry_version=2), r"expected a model registry with registry_version 1$"),
    ],
    ids=["unknown key", "missing key", "wrong type", "other version"],
)
def test_a_wrong_registry_is_refused_in_one_line(trained: Settings, tmp_path: Path, change, expected: str) -> None:
    path = _tampered(trained, tmp_path, change)
    with pytest.raises(SkillsynthError, match=expected) as error:
        read_registry(path)
    assert str(error.value).startswith(str(path)) and len(str(error.value).splitlines()) == 1


def test_later_stages_rebuild_the_design_train_used(trained: Settings) -> None:
    registry = read_registry(trained.paths.registry)
    assert registry.split == split_record(trained)  # what train recorded is what its settings say
    rebuilt = load_design(trained.paths, registry.split, registry.data).design
    assert (
        len(rebuilt.test) == registry.data.test_rows and len(rebuilt.unseen_test) == registry.data.unseen_wording_rows
    )
    held_out = pd.read_csv(trained.paths.predictions)["sample_id"]  # what evaluate scored
    assert rebuilt.test["sample_id"].tolist() == held_out.tolist()


def test_a_changed_training_table_is_refused(trained: Settings, tmp_path: Path) -> None:
    registry = read_registry(trained.paths.registry)
    table = tmp_path / Path(trained.paths.training_data).name
    pd.read_csv(trained.paths.training_data).iloc[::-1].to_csv(table, index=False)  # same rows, another order
    paths = trained.paths.model_copy(update={"training_data": str(table)})
    with pytest.raises(
        SkillsynthError, match=r"training_data\.csv: changed since the models were trained; rerun `dvc repro train`$"
    ):
        load_design(paths, registry.split, registry.data)
