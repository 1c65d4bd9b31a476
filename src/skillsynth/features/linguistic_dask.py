"""Linguistic features on a Dask cluster: both passes as tasks, the spaCy pipeline loaded once per worker."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from skillsynth.compute import map_partitions
from skillsynth.features.linguistic import linguistic_features, load_pipeline, pooled_linguistic_features
from skillsynth.features.surface import Surface
from skillsynth.features.workers import LinguisticWorker, one_blas_thread

if TYPE_CHECKING:
    from distributed import Client


@functools.cache
def worker_measurer(model: str, batch_size: int) -> LinguisticWorker:
    """The measurer over spaCy pipeline ``model``, built once in each worker process and kept for its
    later tasks; BLAS keeps to one thread in that process from then on, as in a local pool's worker."""
    one_blas_thread()
    return LinguisticWorker(load_pipeline(model), batch_size)


def load_on_worker(model: str, batch_size: int) -> None:
    """Runs on every worker at the start: build its measurer (load the pipeline) before any task."""
    worker_measurer(model, batch_size)


def measure_partition(texts: Sequence[str], model: str, batch_size: int) -> Surface:
    """Runs on a worker: surface and sentiment numbers of ``texts``, and their sentences."""
    return worker_measurer(model, batch_size).measure_texts(texts)


def parse_partition(sentences: Sequence[str], model: str, batch_size: int) -> np.ndarray:
    """Runs on a worker: the syntax numbers of each sentence (never the parses)."""
    return worker_measurer(model, batch_size).parse_sentences(sentences)


class ClusterPool:
    """The two passes of the linguistic features as Dask tasks, one per chunk, results in input order."""

    def __init__(
        self, client: Client, model: str, batch_size: int, on_done: Callable[[int], None] | None = None
    ) -> None:
        self._client, self._model, self._batch_size, self._on_done = client, model, batch_size, on_done

    def _run(self, function: Callable, chunks: Iterable[Sequence[str]], desc: str) -> Iterator:
        return iter(
            map_partitions(
                self._client, function, list(chunks), self._model, self._batch_size, desc=desc, on_done=self._on_done
            )
        )

    def measure_texts(self, chunks: Iterable[Sequence[str]]) -> Iterator[Surface]:
        return self._run(measure_partition, chunks, "linguistic: texts")

    def parse_sentences(self, chunks: Iterable[Sequence[str]]) -> Iterator[np.ndarray]:
        return self._run(parse_partition, chunks, "linguistic: sentences")


def distributed_linguistic_features(
    texts: Sequence[str],
    client: Client,
    model: str,
    batch_size: int,
    partition_size: int,
    on_done: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """One row of linguistic features per text, in input order, as ``linguistic_features`` gives it.

    The distinct texts go to the workers in partitions of ``partition_size``; the sentences they hold
    are deduplicated here, over the whole input, and the distinct ones parsed on the workers in
    partitions of the same size, so each is parsed once as in a local run. ``on_done(index)`` is
    called as each partition of either pass finishes.
    """
    nlp = load_pipeline(model)  # a missing pipeline stops here, with its one-line error, before any task
    if not texts:
        return linguistic_features([], nlp)
    # Every worker loads the pipeline now, all at once, rather than on its first task of each pass.
    client.run(load_on_worker, model, batch_size)
    pool = ClusterPool(client, model, batch_size, on_done)
    return pooled_linguistic_features(texts, pool, partition_size, progress=False, workers="Dask cluster")
