"""Atomic writes: a killed writer's temporary file goes at the next write, modes follow the umask, and
an OS error is one line that leaves the target as it was; tables read back, or one line naming the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from skillsynth.errors import SkillsynthError
from skillsynth.files import atomic_path, check_writable, read_table, remove_stale_temps, write_json, write_table

TABLE = pd.DataFrame({"sample_id": ["a", "b"], "value": [1.5, 2.5]})
KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from skillsynth.files import atomic_path
with atomic_path(Path(sys.argv[1])) as temp:
    temp.write_text("half of a table")
    os.kill(os.getpid(), signal.SIGKILL)  # as `kill -9` a few ms after the temporary file appeared
"""


def _temps(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".tmp" in path.name)


def test_temp_file_of_a_killed_writer_is_removed_at_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "processed" / "training_data.csv"
    write_table(TABLE, target)
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(target)], capture_output=True)
    assert killed.returncode == -9
    [left] = _temps(target.parent)  # what finding 8 of issue 16 saw, forever untracked
    assert left.startswith(".training_data.") and left.endswith(".tmp.csv")
    assert pd.read_csv(target).equals(TABLE)  # the target itself was never touched
    write_table(TABLE, target)  # the stage's next run
    assert _temps(target.parent) == []


def test_temp_files_of_live_writers_and_other_targets_stay(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    mine = tmp_path / f".a.{os.getpid()}-0123abcd.tmp.csv"  # this process is writing it
    other_target = tmp_path / f".a.b.{os.getpid() + 10**7}-0123abcd.tmp.csv"  # the temp of a.b.csv
    legacy = tmp_path / ".a.x1y2z3_w.tmp.csv"  # mkstemp's name, from before writers were named
    dead = tmp_path / f".a.{2**22 + 12345}-89abcdef.tmp.csv"  # above any pid the kernel hands out
    for path in (mine, other_target, legacy, dead):
        path.write_text("partial")
    assert sorted(p.name for p in remove_stale_temps(target)) == sorted([legacy.name, dead.name])
    assert mine.exists() and other_target.exists()


def test_written_files_get_the_umask_mode_not_0600(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_table(TABLE, tmp_path / "table.csv")
        write_table(TABLE, tmp_path / "table.parquet")
    finally:
        os.umask(previous)
    for name in ("table.csv", "table.parquet"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644  # as DVC checks a file out


def _cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "a_folder.csv").mkdir()
    (tmp_path / "a_file").write_text("not a folder")
    return {
        "target is a folder": (tmp_path / "a_folder.csv", "Is a directory"),
        "parent is a file": (tmp_path / "a_file" / "out.csv", "Not a directory"),
        "unwritable place": (Path("/sys/skillsynth_out.csv"), "Permission denied"),
    }


@pytest.mark.parametrize("case", ["target is a folder", "parent is a file", "unwritable place"])
def test_os_errors_are_one_line_naming_the_target(tmp_path: Path, case: str) -> None:
    target, reason = _cases(tmp_path)[case]
    for attempt in (lambda: write_table(TABLE, target), lambda: check_writable(target)):
        with pytest.raises(SkillsynthError) as raised:
            attempt()
        message = str(raised.value)
        assert message.startswith(f"{target}: cannot write (") and reason in message and "\n" not in message


FULL_DISK = """
import resource, sys
from pathlib import Path
import pandas as pd
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_table
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # a write past 4 KiB fails, as on a full disk
try:
    write_table(pd.DataFrame({"text": ["x" * 100] * 1000}), Path(sys.argv[1]))
except SkillsynthError as error:
    print(error)
"""


def test_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "scores.csv"
    target.write_text("earlier results\n")
    # no bytecode written: under the limit, a module compiled there would leave a truncated .pyc
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(target)], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith(f"{target}: cannot write (") and "File too large" in line
    assert line.endswith("; nothing was changed there")
    assert target.read_text() == "earlier results\n" and _temps(tmp_path) == []


def test_an_error_inside_the_write_leaves_no_temp_and_no_target(tmp_path: Path) -> None:
    with pytest.raises(ValueError), atomic_path(tmp_path / "out.json") as temp:
        temp.write_text("{")
        raise ValueError("the writer failed")
    assert list(tmp_path.iterdir()) == []


def test_tables_and_json_round_trip_and_json_is_key_sorted(tmp_path: Path) -> None:
    for name in ("table.csv", "table.parquet"):
        assert write_table(TABLE, tmp_path / name) == tmp_path / name
        assert read_table(tmp_path / name, required=("sample_id",)).equals(TABLE)
    write_json({"b": 1, "a": {"d": 2, "c": 3}}, tmp_path / "nested" / "report.json")
    assert (tmp_path / "nested/report.json").read_text() == '{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}\n'
    assert _temps(tmp_path) == [] and _temps(tmp_path / "nested") == []


def test_an_unsupported_table_format_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    refused = r"table\.xlsx: unsupported table format '\.xlsx'; expected \.csv or \.parquet$"
    with pytest.raises(SkillsynthError, match=refused):
        write_table(TABLE, tmp_path / "table.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("absent.csv", None, "absent.csv: not found"),
        ("table.json", "{}", "table.json: unsupported format '.json'; expected .csv or .parquet"),
        ("table.parquet", "not parquet", "table.parquet: unreadable as parquet: "),
        (
            "table.csv",
            "sample_id,value\na,1\n",
            "table.csv: missing column(s) ['text']; expected all of ['sample_id', 'text']",
        ),
    ],
    ids=["missing file", "unknown suffix", "corrupt parquet", "missing column"],
)
def test_unreadable_tables_are_one_line_naming_the_file(
    tmp_path: Path, name: str, content: str | None, expected: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_text(content)
    with pytest.raises(SkillsynthError) as raised:
        read_table(source, required=("sample_id", "text"))
    message = str(raised.value)
    assert message.startswith(f"{tmp_path}/{expected}") and "\n" not in message
