"""`skillsynth predict`: train/serve consistency, formats, row validation, and one-line errors."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import TELEMETRY, predict_arguments

from skillsynth.cli import main
from skillsynth.config import Settings
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS, score_column
from skillsynth.model.registry import REGISTRY_FILE, read_registry

SCORES = [score_column(skill) for skill in SKILLS]


def session(session_id: str, text: str = "I helped my friend when she felt sad.", grade: int = 4, **telemetry) -> dict:
    """A flat session row, as a class export has it."""
    return {"id": session_id, "text": text, "grade": grade, **TELEMETRY, **telemetry}


@pytest.fixture(autouse=True)
def elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))  # predict needs the models folder only, no params.yaml


def predict(trained: Settings, source: Path, output: Path, *extra: str) -> int:
    return main(
        ["predict", "--models", trained.paths.models_dir, "--input", str(source), "--output", str(output), *extra]
    )


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def test_predict_reproduces_the_held_out_predictions_of_evaluate(
    trained: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    table = pd.read_csv(trained.paths.training_data, dtype={"sample_id": str})
    expected = pd.read_csv(trained.paths.predictions, dtype={"sample_id": str})
    held_out = table[table["sample_id"].isin(expected["sample_id"])]  # every column, extras included
    assert len(held_out) == len(expected) > 0
    held_out.to_csv(tmp_path / "held_out.csv", index=False)
    with caplog.at_level(logging.INFO):
        assert predict(trained, tmp_path / "held_out.csv", tmp_path / "scores.csv", "--strict") == 0
    scores = pd.read_csv(tmp_path / "scores.csv", keep_default_na=False, dtype={"sample_id": str})
    assert list(scores.columns) == ["sample_id", *SCORES, "in_distribution", "out_of_distribution"]
    assert scores["sample_id"].tolist() == expected["sample_id"].tolist()
    np.testing.assert_allclose(scores[SCORES].to_numpy(), expected[SCORES].to_numpy(), rtol=0, atol=1e-6)
    # the flags are evaluate's too: the same share of these rows is out of distribution
    detail = json.loads(Path(trained.paths.metrics_detail).read_text())
    flagged = int((~scores["in_distribution"]).sum())
    assert all(detail[skill]["heldout_ood_share"] == round(flagged / len(scores), 6) for skill in SKILLS)
    assert ((scores["out_of_distribution"] == "") == scores["in_distribution"]).all()
    summary = f"scored {len(expected)} of {len(expected)} rows (0 skipped; {flagged} out of distribution)"
    assert summary in caplog.text


def test_csv_and_jsonl_inputs_give_the_same_scores(trained: Settings, tmp_path: Path) -> None:
    rows = [
        session("a"),
        session("b", text="I tried again 😀 and did not give up!", retry_count=5),
        session("c", text="Ok\u2028then\u2029we\x85went."),
    ]
    pd.DataFrame(rows).to_csv(tmp_path / "in.csv", index=False)
    nested = [
        {"id": r["id"], "text": r["text"], "grade": r["grade"], "telemetry": {k: r[k] for k in TELEMETRY_COLUMNS}}
        for r in rows
    ]
    write_jsonl(tmp_path / "nested.jsonl", nested)
    write_jsonl(tmp_path / "flat.jsonl", rows)
    assert predict(trained, tmp_path / "in.csv", tmp_path / "from_csv.csv") == 0
    assert predict(trained, tmp_path / "nested.jsonl", tmp_path / "nested_out.jsonl") == 0
    assert predict(trained, tmp_path / "flat.jsonl", tmp_path / "flat_out.csv") == 0
    from_csv = pd.read_csv(tmp_path / "from_csv.csv")
    lines = (tmp_path / "nested_out.jsonl").read_text().splitlines()
    from_nested = pd.DataFrame([json.loads(line) for line in lines])
    from_flat = pd.read_csv(tmp_path / "flat_out.csv")
    assert from_csv["id"].tolist() == ["a", "b", "c"]
    for other in (from_nested, from_flat):
        assert other["id"].tolist() == ["a", "b", "c"]
        np.testing.assert_array_equal(other[SCORES].to_numpy(), from_csv[SCORES].to_numpy())
    assert ((from_csv[SCORES] >= 0) & (from_csv[SCORES] <= 1)).all().all()


@pytest.mark.parametrize(
    ("change", "field", "shown", "expected"),
    [
        ({"grade": 13}, "grade", "13", "less than or equal to 12"),
        ({"grade": "five"}, "grade", "'five'", "valid integer"),
        ({"retry_count": -1}, "retry_count", "-1", "greater than or equal to 0"),
        ({"retry_count": 1.5}, "retry_count", "1.5", "valid integer"),
        ({"retry_count": 10**20}, "retry_count", "100000000000000000000", "less than or equal to"),
        ({"grade": "true"}, "grade", "'true'", "valid integer"),
        ({"text": "   "}, "text", "(of 3 characters, not shown)", "must hold words"),
        ({"task_completion_rate": 1.2}, "task_completion_rate", "1.2", "less than or equal to 1"),
        ({"time_on_task_s": 0.5}, "time_on_task_s", "0.5", "greater than or equal to 1"),
        ({"error_recovery_rate": "nan"}, "error_recovery_rate", "nan", "finite number"),
        ({"hint_requests": " "}, "hint_requests", "' '", "valid integer"),
        ({"id": ""}, "id", "''", "at least 1 character"),
        ({"text": "word " * 1001}, "text", "(of 5005 characters, not shown)", "at most 5000 characters"),
    ],
)
def test_invalid_rows_are_reported_and_skipped(trained, tmp_path, caplog, change, field, shown, expected) -> None:
    rows = [session("ok-1"), session("bad", **change), session("ok-2")]
    pd.DataFrame(rows).to_csv(tmp_path / "in.csv", index=False)
    with caplog.at_level(logging.WARNING):
        assert predict(trained, tmp_path / "in.csv", tmp_path / "out.csv") == 0
    problems = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(problems) == 1, problems
    assert (
        problems[0].startswith("predict: ")
        and ("row 2: " if change.get("id") == "" else "row 2 (id 'bad'): ") in problems[0]
    )
    assert f"{field} " in problems[0] and shown in problems[0] and expected in problems[0]
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["ok-1", "ok-2"]


def test_counts_written_as_floats_are_accepted(trained, tmp_path) -> None:
    (tmp_path / "in.csv").write_text(
        "id,text,grade,"
        + ",".join(TELEMETRY)
        + "\n"
        + "a,We tried again.,4.0,"
        + ",".join(f"{float(v)}" for v in TELEMETRY.values())
        + "\n"
    )
    assert predict(trained, tmp_path / "in.csv", tmp_path / "out.csv", "--strict") == 0
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["a"]


def test_strict_stops_on_an_invalid_row_and_writes_nothing(trained, tmp_path, caplog) -> None:
    rows = [session("ok"), session("bad", grade=0), session("worse", peer_help_count=-3)]
    pd.DataFrame(rows).to_csv(tmp_path / "in.csv", index=False)
    output = tmp_path / "out.csv"
    output.write_text("earlier results\n")
    assert predict(trained, tmp_path / "in.csv", output, "--strict", "--rejects", str(tmp_path / "rejects.csv")) == 1
    assert output.read_text() == "earlier results\n"
    rejects = pd.read_csv(tmp_path / "rejects.csv")
    assert rejects[["row", "id", "field"]].values.tolist() == [[2, "bad", "grade"], [3, "worse", "peer_help_count"]]
    assert "--strict" in caplog.text and "nothing scored" in caplog.text


def test_no_valid_row_is_a_failure(trained, tmp_path) -> None:
    pd.DataFrame([session("bad", grade=99)]).to_csv(tmp_path / "in.csv", index=False)
    assert predict(trained, tmp_path / "in.csv", tmp_path / "out.csv") == 1
    assert not (tmp_path / "out.csv").exists()


def test_jsonl_lines_that_are_not_sessions_are_row_problems(trained, tmp_path, caplog) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(session("a"))
        + "\n{not json\n\n[1, 2]\n"
        + json.dumps({k: v for k, v in session("d").items() if k != "pause_count"})
        + "\n"
        + json.dumps(session("e"))
        + "\n"
    )
    with caplog.at_level(logging.WARNING):
        assert predict(trained, source, tmp_path / "out.jsonl") == 0
    problems = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("row 2: (line)" in p and "a JSON object" in p for p in problems)
    assert any("row 4: (line) (of 6 characters, not shown): a JSON object of one session" in p for p in problems)
    assert not any("id 'd'" in p for p in problems)  # a telemetry field left out is a signal the session lacks
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [record["id"] for record in out] == ["a", "d", "e"]
    assert set(out[0]) == {"id", *SCORES, "in_distribution", "out_of_distribution"}


@pytest.mark.parametrize("name", ["header_only.csv", "empty.jsonl", "blank_lines.jsonl"])
def test_no_sessions_is_exit_1_writing_nothing(trained, tmp_path, caplog, name) -> None:
    source = tmp_path / name
    if name.endswith(".csv"):
        pd.DataFrame(columns=list(session("x"))).to_csv(source, index=False)
    else:
        source.write_text("" if name == "empty.jsonl" else "\n  \n\n")
    assert predict(trained, source, tmp_path / "out.csv") == 1
    assert not (tmp_path / "out.csv").exists()
    assert "holds no sessions" in caplog.text


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    missing_column = tmp_path / "no_grade.csv"
    pd.DataFrame([session("a")]).drop(columns="grade").to_csv(missing_column, index=False)
    no_id = tmp_path / "no_id.csv"
    pd.DataFrame([session("a")]).drop(columns="id").to_csv(no_id, index=False)
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text('id,text\n"a,b\n')
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    return {
        "missing file": (tmp_path / "nope.csv", "nope.csv: not found"),
        "unknown format": (tmp_path / "in.xlsx", "unsupported input format '.xlsx'"),
        "missing column": (missing_column, "missing column(s) ['grade']"),
        "no id column": (no_id, "missing column(s) ['id']"),
        "not utf-8": (binary, "not UTF-8"),
        "not csv": (ragged, "unreadable as CSV"),
        "empty": (empty, "empty, without even a header row"),
    }


@pytest.mark.parametrize(
    "case", ["missing file", "unknown format", "missing column", "no id column", "not utf-8", "not csv", "empty"]
)
def test_unreadable_input_exits_2_with_one_line(trained, tmp_path, capsys, case) -> None:
    source, expected = _bad_inputs(tmp_path)[case]
    assert predict(trained, source, tmp_path / "out.csv") == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


def test_bad_output_format_exits_2(trained, tmp_path, capsys) -> None:
    pd.DataFrame([session("a")]).to_csv(tmp_path / "in.csv", index=False)
    assert predict(trained, tmp_path / "in.csv", tmp_path / "out.parquet") == 2
    assert "unsupported output format '.parquet'" in capsys.readouterr().err


def _tamper(models: Path, case: str) -> str:
    """Break a copy of the models folder; what the one-line error must say."""
    if case == "missing folder":
        return "not a folder"
    registry = json.loads((models / "model_registry.json").read_text())
    if case == "no registry":
        (models / "model_registry.json").unlink()
        return "model_registry.json: not found"
    if case == "hash":
        with open(models / "resilience.json", "a") as handle:
            handle.write(" ")
        return "resilience.json: sha256"
    if case == "missing model":
        (models / "empathy.json").unlink()
        return "empathy.json: listed in the model registry but missing"
    registry["models"].pop("self_regulation")
    (models / "model_registry.json").write_text(json.dumps(registry))
    return "expected one per skill"


@pytest.mark.parametrize("case", ["missing folder", "no registry", "hash", "missing model", "skill missing"])
def test_bad_models_folder_exits_2_with_one_line(trained, tmp_path, capsys, case) -> None:
    models = tmp_path / "models"
    if case != "missing folder":
        shutil.copytree(trained.paths.models_dir, models)
    expected = _tamper(models, case)
    pd.DataFrame([session("a")]).to_csv(tmp_path / "in.csv", index=False)
    code = main(
        ["predict", "--models", str(models), "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv")]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and expected in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out.csv").exists()


def test_registry_records_all_that_predict_and_serve_need(trained: Settings, settings: Settings) -> None:
    registry = read_registry(trained.paths.registry)
    assert registry.nlp.model_dump() == {"model": trained.nlp.model, "version": version(trained.nlp.model)}
    assert registry.serve == {"max_text_chars": 5000, "max_batch_sessions": 256}
    assert registry.inputs == ["text", "grade", *TELEMETRY_COLUMNS]
    # predict and serve find the registry in the models folder by its name, as conf/paths places it
    assert settings.paths.registry == f"{settings.paths.models_dir}/{REGISTRY_FILE}"


def test_a_registry_without_serve_limits_needs_the_option(trained, tmp_path, capsys) -> None:
    models = tmp_path / "models"
    shutil.copytree(trained.paths.models_dir, models)
    registry = json.loads((models / REGISTRY_FILE).read_text())
    del registry["serve"]
    (models / REGISTRY_FILE).write_text(json.dumps(registry))
    pd.DataFrame([session("a")]).to_csv(tmp_path / "in.csv", index=False)
    arguments = [
        "predict",
        "--models",
        str(models),
        "--input",
        str(tmp_path / "in.csv"),
        "--output",
        str(tmp_path / "o.csv"),
    ]
    assert main(arguments) == 2
    assert (
        "records no serve limits ['max_text_chars']; rerun `dvc repro train`, or give them as options"
        in capsys.readouterr().err
    )
    assert main([*arguments, "--max-text-chars", "300"]) == 0


def test_the_text_limit_option_overrides_the_registry(trained, tmp_path) -> None:
    pd.DataFrame([session("short"), session("long", text="I tried. " * 40)]).to_csv(tmp_path / "in.csv", index=False)
    assert predict(trained, tmp_path / "in.csv", tmp_path / "out.csv", "--max-text-chars", "100") == 0
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["short"]


# --- issue 16: hostile input and hostile paths ----------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_huge_integer_is_a_rejected_row_not_a_crash(trained, tmp_path, suffix) -> None:
    rows = [session("ok-1"), session("huge", retry_count=100000000000000000000), session("ok-2")]
    source = tmp_path / f"in{suffix}"
    if suffix == ".csv":
        pd.DataFrame(rows).to_csv(source, index=False)
    else:
        write_jsonl(source, rows)
    rejects = tmp_path / "rejects.csv"
    assert predict(trained, source, tmp_path / "out.csv", "--rejects", str(rejects)) == 0
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["ok-1", "ok-2"]
    assert pd.read_csv(rejects)[["row", "id", "field"]].values.tolist() == [[2, "huge", "retry_count"]]


@pytest.mark.parametrize(
    "line",
    ["[" * 100_000, '{"id": "deep", "text": ' + "[" * 5000 + "]" * 5000 + "}", '{"n": ' + "9" * 5000 + "}"],
    ids=["100000 brackets", "deep value", "5000 digits"],
)
def test_a_line_json_cannot_hold_is_a_rejected_row(trained, tmp_path, caplog, line) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(session("a")) + "\n" + line + "\n" + json.dumps(session("b")) + "\n")
    assert predict(trained, source, tmp_path / "out.csv") == 0
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["a", "b"]
    [problem] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "row 2: (line)" in problem and "not shown" in problem


def test_a_carriage_return_ends_no_jsonl_line(trained, tmp_path, caplog) -> None:
    source = tmp_path / "in.jsonl"  # Windows line ends, and a line holding a bare "\r" (not a session)
    source.write_bytes(f"{json.dumps(session('a'))}\r\nx\ry\r\n{json.dumps(session('b'))}\r\n".encode())
    rejects = tmp_path / "rejects.csv"
    assert predict(trained, source, tmp_path / "out.csv", "--rejects", str(rejects)) == 0
    assert pd.read_csv(tmp_path / "out.csv")["id"].tolist() == ["a", "b"]
    assert pd.read_csv(rejects)["row"].tolist() == [2]


def _path_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "a_file").write_text("x")
    return {
        "output is a folder": (tmp_path / "folder.csv", "Is a directory"),
        "parent is a file": (tmp_path / "a_file" / "out.csv", "Not a directory"),
        "unwritable place": (Path("/sys/skillsynth_scores.csv"), "Permission denied"),
    }


@pytest.mark.parametrize("case", ["output is a folder", "parent is a file", "unwritable place"])
def test_an_unwritable_output_is_one_line_and_exit_2(trained, tmp_path, capsys, case) -> None:
    output, reason = _path_cases(tmp_path)[case]
    pd.DataFrame([session("a")]).to_csv(tmp_path / "in.csv", index=False)
    assert predict(trained, tmp_path / "in.csv", output) == 2
    err = capsys.readouterr().err.strip()
    assert (
        len(err.splitlines()) == 1 and f"{output}: cannot write (" in err and reason in err and "Traceback" not in err
    )


def test_a_full_disk_is_one_line_exit_2_and_keeps_the_old_output(repo, trained, tmp_path) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    pd.DataFrame([session(f"s{i}") for i in range(5)]).to_csv(source, index=False)
    output.write_text("earlier results\n")

    def small_files() -> None:  # writes past 64 bytes fail with EFBIG, as a full disk fails with ENOSPC
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    done = subprocess.run(
        [sys.executable, "-m", "skillsynth.cli", *predict_arguments(trained.paths.models_dir, source, output)],
        cwd=tmp_path,
        # no bytecode written: under the limit, a module compiled here would leave a truncated .pyc
        env={**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=300,
    )
    assert done.returncode == 2
    [error] = [line for line in done.stderr.splitlines() if "error:" in line]
    assert f"{output}: cannot write (" in error and "File too large" in error and "Traceback" not in done.stderr
    assert output.read_text() == "earlier results\n"
    assert [path.name for path in tmp_path.iterdir() if ".tmp" in path.name] == []


def test_rejects_never_overwrite_the_input_or_the_output(trained, tmp_path, capsys) -> None:
    victim = tmp_path / "victim.csv"
    pd.DataFrame([session("a"), session("bad", grade=0)]).to_csv(victim, index=False)
    original = victim.read_bytes()
    linked = tmp_path / "linked.csv"
    linked.symlink_to(victim)
    hard = tmp_path / "hard.csv"
    os.link(victim, hard)
    for rejects in (victim, linked, hard):
        assert predict(trained, victim, tmp_path / "out.csv", "--rejects", str(rejects)) == 2
        assert "--rejects is the input file" in capsys.readouterr().err
    assert predict(trained, victim, linked) == 2 and "--output is the input file" in capsys.readouterr().err
    assert victim.read_bytes() == original and not (tmp_path / "out.csv").exists()
    same = tmp_path / "same.csv"
    assert predict(trained, victim, same, "--rejects", str(same)) == 2
    assert "--rejects is also --output" in capsys.readouterr().err
    assert not same.exists()
