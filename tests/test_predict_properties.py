"""Property-based tests of `skillsynth predict` over CSV and JSONL: whatever the rows hold, each row is
either scored or a reject, the exit code is 0 or 1, and the input is never written to. Bounded in every
run; `pytest -m fuzz` runs many more."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skillsynth.cli import main
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.inference import predict
from skillsynth.inference.scoring import ScoringModels

pytestmark = pytest.mark.fuzz
SCORES = [score_column(skill) for skill in SKILLS]
COUNTS = ("grade", "retry_count", "hint_requests", "peer_help_count", "pause_count", "calm_down_actions")
# What a CSV can hold: any text but lone surrogates, which UTF-8 cannot encode.
CELL_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
ODD_CELLS = st.sampled_from(
    [
        "",
        " ",
        "nan",
        "inf",
        "-0",
        "1e400",
        "true",
        "3.5",
        "1_000",
        "0x10",
        "٣",
        "100000000000000000000",
        "9" * 5000,
        "1e-400",
        "+7",
    ]
)
VALID_TEXTS = st.sampled_from(["I tried again.", "We shared and I said sorry.", "I took a deep breath!"])
SETTINGS = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
)


def _cell(name: str) -> st.SearchStrategy:
    if name in COUNTS:
        valid = st.integers(1, 12) if name == "grade" else st.integers(0, 40)
    elif name == "time_on_task_s":
        valid = st.floats(1, 5000)
    else:
        valid = st.floats(0, 1)
    return st.one_of(valid, valid, valid, ODD_CELLS, CELL_TEXT, st.integers(), st.floats())


CSV_ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.text(st.characters(codec="utf-8"), min_size=1, max_size=6), st.just("")),
            "text": st.one_of(VALID_TEXTS, CELL_TEXT),
            **{name: _cell(name) for name in ("grade", *TELEMETRY_COLUMNS)},
        }
    ),
    max_size=6,
)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
JSON_RECORDS = st.fixed_dictionaries(
    {
        "id": st.one_of(st.text(min_size=1, max_size=6), st.integers(), JSON_VALUES),
        "text": st.one_of(VALID_TEXTS, JSON_VALUES),
        "grade": st.one_of(st.integers(1, 12), JSON_VALUES),
    },
    optional={"telemetry": JSON_VALUES, **{name: _cell(name) for name in TELEMETRY_COLUMNS}},
)
LINES = st.one_of(
    JSON_RECORDS.map(lambda record: json.dumps(record)),
    JSON_VALUES.map(json.dumps),
    st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=30),
    st.integers(1, 3000).map(lambda depth: "[" * depth),
    st.just('{"id": "x", "text": "\\ud800 surrogate", "grade": 4}'),
)


@pytest.fixture(autouse=True)
def preloaded(scoring_models: ScoringModels, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real models, loaded once instead of at every example."""
    monkeypatch.setattr(predict, "load_scoring_models", lambda *args, **kwargs: scoring_models)


def check_run(source: Path, rows: int) -> None:
    """Run predict on ``source`` (``rows`` data rows) and check that each row is scored or rejected."""
    before = source.read_bytes()
    output, rejects = source.with_name("scores.csv"), source.with_name("rejects.csv")
    code = main(
        [
            "predict",
            "--models",
            "unused: preloaded",
            "--input",
            str(source),
            "--output",
            str(output),
            "--rejects",
            str(rejects),
        ]
    )
    assert source.read_bytes() == before
    rejected = set(pd.read_csv(rejects, dtype=str, keep_default_na=False)["row"].astype(int))
    if code == 1:
        assert not output.exists()
        return
    assert code == 0
    scores = pd.read_csv(output, dtype={"id": str, "sample_id": str}, keep_default_na=False)
    assert len(scores) == rows - len(rejected) > 0
    values = scores[SCORES].to_numpy(dtype=float)
    assert ((values >= 0) & (values <= 1)).all()


@SETTINGS
@given(rows=CSV_ROWS)
def test_any_csv_rows_are_scored_or_rejected(rows: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sessions.csv"
        columns = ["id", "text", "grade", *TELEMETRY_COLUMNS]
        # CRLF line ends make the writer quote every cell holding a "\r" too: with "\n" alone, a lone "\r"
        # goes out bare, and every CSV reader then sees one more row than the test wrote.
        pd.DataFrame(rows, columns=columns).to_csv(source, index=False, lineterminator="\r\n")
        check_run(source, len(rows))


@SETTINGS
@given(lines=st.lists(LINES, max_size=6))
def test_any_jsonl_lines_are_scored_or_rejected(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sessions.jsonl"
        source.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        check_run(source, sum(1 for line in lines if line.strip()))
