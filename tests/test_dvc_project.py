"""The DVC project as others see it: a default remote outside the checkout, and the models as registry artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from configobj import ConfigObj
from dvc.repo import Repo

from skillsynth.config import Settings
from skillsynth.contract import SKILLS


@pytest.fixture(scope="module")
def dvc_repo(repo: Path) -> Repo:
    return Repo(str(repo))


def test_default_remote_is_a_folder_beside_the_checkout(repo: Path) -> None:
    config = ConfigObj(str(repo / ".dvc/config"))  # as committed, not a developer's config.local
    name = config["core"]["remote"]
    url = Path(config[f'remote "{name}"']["url"])
    assert not url.is_absolute(), "a relative url works in every clone"
    folder = (repo / ".dvc" / url).resolve()
    assert folder.parent == repo.resolve().parent, folder


def test_every_model_is_a_registry_artifact(dvc_repo: Repo, settings: Settings) -> None:
    artifacts = dvc_repo.artifacts.read()["dvc.yaml"]
    by_path = {artifact.path: name for name, artifact in artifacts.items()}
    for skill in SKILLS:
        name = by_path[settings.paths.model_files[skill]]
        artifact = artifacts[name]
        assert artifact.type == "model" and skill.replace("_", "-") in name
        assert skill.replace("_", "-") in artifact.labels and "xgboost" in artifact.labels
        assert skill.replace("_", "-") in artifact.desc
