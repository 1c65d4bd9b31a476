"""Tests for the linguistic worker processes: same bytes whatever the processes and chunk size."""

from __future__ import annotations

import pandas as pd
import pytest

from skillsynth.contract import SKILLS
from skillsynth.features import workers
from skillsynth.features.linguistic import linguistic_features
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import style_of, template_responses


@pytest.fixture(scope="module")
def texts(settings) -> list[str]:
    latent = settings.data.latent
    students = draw_students(
        150, SKILLS, [2, 5, 8], latent.level_means, latent.within_level_sd, latent.skill_correlation, seed=3
    )
    generated = template_responses(students, 3, style_of(settings.generator))
    return generated["text"].tolist() + ["", "   ", "Hello", "I am 😀 happy!"] + generated["text"].tolist()[:20]


def test_worker_count_uses_all_cores_for_zero_and_fewer_for_small_inputs(monkeypatch):
    monkeypatch.setattr(workers, "available_cores", lambda: 8)
    per_worker = workers.MIN_TEXTS_PER_WORKER
    assert workers.worker_count(0, 100 * per_worker) == 8
    assert workers.worker_count(3, 100 * per_worker) == 3
    assert workers.worker_count(0, 2 * per_worker) == 2
    assert workers.worker_count(0, per_worker - 1) == 1
    assert workers.worker_count(0, 0) == 1


def test_output_bytes_do_not_depend_on_processes_or_batch_size(nlp, texts, monkeypatch, caplog):
    monkeypatch.setattr(workers, "MIN_TEXTS_PER_WORKER", 1)
    caplog.set_level("INFO", logger="skillsynth.features.linguistic")
    reference = linguistic_features(texts, nlp, batch_size=256, n_process=1)
    for n_process, batch_size in [(1, 7), (2, 16), (2, 1000), (3, 50)]:
        caplog.clear()
        frame = linguistic_features(texts, nlp, batch_size=batch_size, n_process=n_process)
        assert f"; {n_process} process(es)" in caplog.text  # the workers really ran
        pd.testing.assert_frame_equal(frame, reference, check_exact=True)
        for column in frame.columns:
            assert frame[column].to_numpy().tobytes() == reference[column].to_numpy().tobytes(), column
