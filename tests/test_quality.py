"""Quality gates: each suite passes real pipeline output and catches each kind of corruption."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from skillsynth.cli import main
from skillsynth.stages import assemble, behavioral, generate, label, linguistic

COUNT = 252  # 3 students per skill x level x grade cell


@pytest.fixture(scope="module")
def outputs(settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real stage outputs for a small config, written under a temporary folder."""
    root = tmp_path_factory.mktemp("quality")
    paths = {
        name: str(root / Path(getattr(settings.paths, name)).name)
        for name in ("responses", "linguistic", "behavioral", "labels", "training_data")
    }
    small = settings.model_copy(
        update={
            "data": settings.data.model_copy(update={"count": COUNT}),
            "paths": settings.paths.model_copy(update={**paths, "quality_dir": str(root / "quality")}),
            # Data Docs only where a test asks for them (--docs): a fifth of a validation's time
            "quality": settings.quality.model_copy(update={"data_docs": False}),
        }
    )
    for stage in (generate, linguistic, behavioral, label, assemble):
        stage.run(small)
    params = root / "params.yaml"
    raw = small.model_dump(mode="json")
    params.write_text(json.dumps(raw))  # JSON is YAML
    return {**{name: Path(path) for name, path in paths.items()}, "params": params, "root": root}


def validate(outputs: dict[str, Path], suite: str, *paths: Path, extra: tuple[str, ...] = ()) -> int:
    report = outputs["root"] / "quality" / f"{suite}.json"
    return main(
        [
            "validate",
            "--suite",
            suite,
            *map(str, paths),
            "--params",
            str(outputs["params"]),
            "--report",
            str(report),
            *extra,
        ]
    )


def corrupt(outputs: dict[str, Path], name: str, change) -> Path:
    """A corrupted copy of one stage output."""
    source = outputs[name]
    frame = pd.read_parquet(source) if source.suffix == ".parquet" else pd.read_csv(source)
    frame = change(frame.copy())
    target = outputs["root"] / f"corrupt_{source.stem}.csv"
    frame.to_csv(target, index=False)
    return target


@pytest.mark.parametrize(
    ("suite", "names"),
    [
        ("responses", ["responses"]),
        ("features", ["responses", "linguistic", "behavioral"]),
        ("training", ["training_data"]),
    ],
)
def test_clean_output_passes(outputs, capsys, suite, names) -> None:
    assert validate(outputs, suite, *(outputs[n] for n in names)) == 0
    report = json.loads((outputs["root"] / "quality" / f"{suite}.json").read_text())
    assert report["success"] and report["failed"] == 0 and report["evaluated"] > 10
    assert capsys.readouterr().err.count("FAILED") == 0


def _null_feature(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[:3], "vader_compound"] = None
    return frame


def _score_out_of_range(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[0], "empathy_score"] = 1.7
    return frame


def _empty_text(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[:2], "text"] = "   "
    return frame


def _duplicate_id(frame: pd.DataFrame) -> pd.DataFrame:
    frame.loc[frame.index[1], "sample_id"] = frame.loc[frame.index[0], "sample_id"]
    return frame


def _unbalanced_cell(frame: pd.DataFrame) -> pd.DataFrame:
    cell = (frame["skill"] == "resilience") & (frame["level"] == "high") & (frame["grade"] == 4)
    return frame.drop(frame.index[cell][:2])


def _swapped_levels(frame: pd.DataFrame) -> pd.DataFrame:
    frame["level"] = frame["level"].map({"high": "developing", "developing": "high", "medium": "medium"})
    return frame


@pytest.mark.parametrize(
    ("suite", "name", "change", "expected"),
    [
        (
            "training",
            "training_data",
            _null_feature,
            "expect_column_values_to_not_be_null column=vader_compound: observed {'nulls': 3}; "
            "expected nulls=0; 3 of 252",
        ),
        (
            "training",
            "training_data",
            _score_out_of_range,
            "expect_column_values_to_be_between column=empathy_score: observed {'examples': [1.7]}",
        ),
        ("responses", "responses", _empty_text, "expect_column_values_to_match_regex column=text"),
        ("responses", "responses", _duplicate_id, "expect_column_values_to_be_unique column=sample_id"),
        (
            "training",
            "training_data",
            lambda f: f.drop(columns=["hint_requests"]),
            "expect_table_columns_to_match_set column=-",
        ),
        ("responses", "responses", _unbalanced_cell, "expect_table_cell_counts_to_be_balanced"),
        (
            "training",
            "training_data",
            _swapped_levels,
            "expect_column_means_to_be_ordered_by_group column=empathy_score where skill == 'empathy'",
        ),
    ],
    ids=["null-feature", "score-1.7", "empty-text", "duplicate-id", "missing-column", "unbalanced", "swapped"],
)
def test_gate_catches_corruption(outputs, capsys, suite, name, change, expected) -> None:
    broken = corrupt(outputs, name, change)
    assert validate(outputs, suite, broken) == 1
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert any(expected in line for line in failed), failed
    assert all(line.startswith(f"FAILED {suite}: ") for line in failed)
    assert "Traceback" not in err
    report = json.loads((outputs["root"] / "quality" / f"{suite}.json").read_text())
    assert not report["success"] and report["failed"] == len(failed)


def test_features_suite_catches_nulls_and_flattened_behaviour(outputs, capsys) -> None:
    nulls = corrupt(outputs, "linguistic", _null_feature)
    assert validate(outputs, "features", outputs["responses"], nulls, outputs["behavioral"]) == 1
    assert "column=vader_compound" in capsys.readouterr().err
    flat = corrupt(outputs, "behavioral", lambda f: f.assign(empathy_composite=0.5))
    assert validate(outputs, "features", outputs["responses"], outputs["linguistic"], flat) == 1
    err = capsys.readouterr().err
    assert "expect_column_means_to_be_ordered_by_group column=empathy_composite where skill == 'empathy'" in err


def test_empty_level_fails_the_band_with_a_clear_observation(outputs, capsys) -> None:
    no_high = corrupt(outputs, "training_data", lambda f: f[~((f["skill"] == "empathy") & (f["level"] == "high"))])
    assert validate(outputs, "training", no_high, extra=("--skip", "balance")) == 1
    err = capsys.readouterr().err
    assert "missing_groups" not in err or "high" in err
    assert "expect_column_means_to_be_ordered_by_group column=empathy_score where skill == 'empathy'" in err


def test_unreadable_file_and_unknown_suite_exit_2(outputs, capsys) -> None:
    garbage = outputs["root"] / "garbage.parquet"
    garbage.write_bytes(b"not parquet at all")
    assert validate(outputs, "responses", garbage) == 2
    err = capsys.readouterr().err
    assert "garbage.parquet: unreadable" in err and "Traceback" not in err
    assert validate(outputs, "responses", outputs["root"] / "absent.csv") == 2
    with pytest.raises(SystemExit) as exit_info:
        validate(outputs, "nonsense", outputs["responses"])
    assert exit_info.value.code == 2


def test_data_docs_show_the_failures(outputs, capsys) -> None:
    broken = corrupt(outputs, "training_data", _score_out_of_range)
    docs = outputs["root"] / "docs"
    assert validate(outputs, "training", broken, extra=("--docs", str(docs))) == 1
    pages = list((docs / "validations").rglob("*.html"))
    assert (docs / "index.html").is_file() and len(pages) == 1
    page = pages[0].read_text()
    assert "empathy_score" in page and "Failed" in page


def test_the_table_suites_need_a_path(outputs) -> None:
    assert validate(outputs, "training") == 2  # only the real suite defaults to a file (data.real_path)


def test_separation_checks_wait_for_enough_rows(settings) -> None:
    from skillsynth.contract import SKILLS
    from skillsynth.quality.suites import Design, separation_too_small

    tiny = separation_too_small(Design(SKILLS, list(range(2, 9)), 24), settings.quality)
    assert tiny == "separation checks skipped: 2.0 rows per skill x level < quality.min_rows_per_level (20)"
    assert separation_too_small(Design(SKILLS, list(range(2, 9)), COUNT), settings.quality) is None
