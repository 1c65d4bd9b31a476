"""compute: block-aligned partitions give what one call gives, and a bad engine config stops with one line."""

from __future__ import annotations

import os
import socket
import time

import numpy as np
import pandas as pd
import pytest

from skillsynth.cli import main
from skillsynth.compute import available_cores, block_partitions, dask_client, partition_slices, slice_rows
from skillsynth.config import DaskCompute
from skillsynth.contract import SKILLS, TRUE_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.generate.telemetry import behavioral_features
from skillsynth.label.heuristic import Rater, heuristic_scores
from skillsynth.rng import BLOCK_SIZE, sample_blocks


@pytest.mark.parametrize(
    ("count", "size", "expected"),
    [
        (0, 3, []),
        (1, 3, [(0, 1)]),
        (6, 3, [(0, 3), (3, 6)]),
        (7, 3, [(0, 3), (3, 6), (6, 7)]),
    ],
)
def test_partition_slices_cover_every_item_once_in_order(count, size, expected) -> None:
    assert [(rows.start, rows.stop) for rows in partition_slices(count, size)] == expected


@pytest.mark.parametrize("size", [0, 1000, BLOCK_SIZE + 1, -BLOCK_SIZE])
def test_block_partitions_refuse_sizes_off_the_seed_blocks(size) -> None:
    with pytest.raises(ValueError, match=str(BLOCK_SIZE)):
        block_partitions(5000, size)


@pytest.mark.parametrize("count", [1, BLOCK_SIZE, BLOCK_SIZE + 1, 5 * BLOCK_SIZE + 17])
def test_block_partitions_start_on_block_boundaries(count) -> None:
    partitions = block_partitions(count, 2 * BLOCK_SIZE)
    assert all(rows.start % BLOCK_SIZE == 0 for rows in partitions)
    assert np.concatenate([np.arange(count)[rows] for rows in partitions]).tolist() == list(range(count))


def test_sample_blocks_with_an_offset_continue_the_whole_stream() -> None:
    whole = [rng.random(3) for _, rng in sample_blocks(7, "behavioral", 5 * BLOCK_SIZE)]
    tail = [rng.random(3) for _, rng in sample_blocks(7, "behavioral", 2 * BLOCK_SIZE, first_block=3)]
    np.testing.assert_array_equal(np.stack(whole[3:]), np.stack(tail))


def _students(count: int) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    rng = np.random.default_rng(0)
    truth = rng.random((count, len(TRUE_COLUMNS)))
    grades = rng.integers(2, 9, count)
    target = pd.Series(rng.choice(SKILLS, count))
    return truth, grades, target


@pytest.mark.parametrize("size", [BLOCK_SIZE, 2 * BLOCK_SIZE, 8 * BLOCK_SIZE])
def test_partitioned_behavior_and_labels_equal_one_call(size) -> None:
    count = 3 * BLOCK_SIZE + 100
    truth, grades, target = _students(count)
    behavior_args = (1.0, 1.0, 12.0, 5)
    label_args = (Rater(0.25, 0.85, 0, 0.05, 0.08), 5)
    behavior = pd.concat(
        [
            behavioral_features(truth[rows], grades[rows], *behavior_args, first_block=rows.start // BLOCK_SIZE)
            for rows in block_partitions(count, size)
        ],
        ignore_index=True,
    )
    labels = pd.concat(
        [
            heuristic_scores(truth[rows], slice_rows(target, rows), *label_args, first_block=rows.start // BLOCK_SIZE)
            for rows in block_partitions(count, size)
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(behavior, behavioral_features(truth, grades, *behavior_args), check_exact=True)
    pd.testing.assert_frame_equal(labels, heuristic_scores(truth, target, *label_args), check_exact=True)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _dask_compute(**changes) -> DaskCompute:
    values = dict(name="dask", address="", n_workers=2, threads_per_worker=1, partition_size=4096, connect_timeout=10.0)
    return DaskCompute(**{**values, **changes})


def test_unreachable_scheduler_fails_at_once_naming_the_address() -> None:
    address = f"tcp://127.0.0.1:{_closed_port()}"
    started = time.perf_counter()
    with pytest.raises(SkillsynthError) as caught:
        with dask_client(_dask_compute(address=address, connect_timeout=1.0)):
            pytest.fail("joined a scheduler that does not exist")
    assert time.perf_counter() - started < 15
    message = str(caught.value)
    assert "\n" not in message and f"compute.address = '{address}'" in message and "dask scheduler" in message


def test_unreachable_scheduler_stops_a_stage_with_one_line(tmp_path, capsys) -> None:
    address = f"tcp://127.0.0.1:{_closed_port()}"
    data = f"paths.data_dir={tmp_path}/data"
    assert main(["generate", data, "data.count=56"]) == 0
    capsys.readouterr()
    code = main(["behavioral", data, "compute=dask", f"compute.address={address}", "compute.connect_timeout=1"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and not (tmp_path / "data/interim/behavioral.parquet").exists()
    assert len(err.splitlines()) == 1 and err.startswith("skillsynth behavioral: error: compute.address = ")
    assert address in err


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"partition_size": 1000}, "multiple of 1024"),
        ({"n_workers": 0}, "greater than or equal to 1"),
        ({"address": "tcp://user:secret@10.0.0.5:8786"}, "must not hold credentials"),
    ],
)
def test_bad_compute_settings_are_refused(changes, expected) -> None:
    with pytest.raises(Exception, match=expected):
        _dask_compute(**changes)


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        ({"process_cpu_count": lambda: 3, "sched_getaffinity": lambda pid: {0}, "cpu_count": lambda: 8}, 3),
        ({"sched_getaffinity": lambda pid: {0, 1}, "cpu_count": lambda: 8}, 2),  # Linux, Python < 3.13
        ({"cpu_count": lambda: 8}, 8),  # macOS, Windows: no affinity call
        ({"cpu_count": lambda: None}, 1),  # the system cannot tell
    ],
)
def test_available_cores_falls_back_where_the_system_has_no_affinity_call(monkeypatch, calls, expected) -> None:
    for name in ("process_cpu_count", "sched_getaffinity"):
        monkeypatch.delattr(os, name, raising=False)
    for name, call in calls.items():
        monkeypatch.setattr(os, name, call, raising=False)
    assert available_cores() == expected
