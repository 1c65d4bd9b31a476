"""Worker processes that hold the spaCy pipeline, measure texts and sentences, and send back only numbers."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Protocol

import numpy as np
from spacy.language import Language
from threadpoolctl import threadpool_limits

from skillsynth.compute import available_cores
from skillsynth.features.sentiment import SENTIMENT_COLUMNS, sentiment_scores
from skillsynth.features.surface import Surface, SurfaceMeasurer
from skillsynth.features.syntax import SentenceParser

# A forked worker starts in well under a second and a distinct text costs a few ms (its sentiment and
# the parse of its new sentences), so a worker is worth starting for a few hundred texts or more.
MIN_TEXTS_PER_WORKER = 250
_START_METHOD = "fork" if sys.platform == "linux" else "spawn"


def worker_count(n_process: int, distinct_texts: int) -> int:
    """Processes to use: ``n_process`` (0 = every available core), fewer when the work is too small."""
    wanted = available_cores() if n_process == 0 else n_process
    return max(1, min(wanted, distinct_texts // MIN_TEXTS_PER_WORKER))


class LinguisticWorker:
    """Measures chunks of texts (surface + sentiment) and of sentences (parse), with one pipeline."""

    def __init__(self, nlp: Language, batch_size: int) -> None:
        self._surface = SurfaceMeasurer(nlp)
        self._parser = SentenceParser(nlp, batch_size)

    def measure_texts(self, texts: Sequence[str]) -> Surface:
        """Surface numbers plus sentiment (0 for a text without words) of each text, and its sentences."""
        surface = self._surface.measure(texts)
        has_words = np.flatnonzero(surface.columns["word_count"] > 0)
        sentiment = {name: np.zeros(len(texts)) for name in SENTIMENT_COLUMNS}
        for name, values in sentiment_scores([texts[i] for i in has_words.tolist()]).items():
            sentiment[name][has_words] = values
        return replace(surface, columns={**surface.columns, **sentiment})

    def parse_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        """``SYNTAX_FIELDS`` of each sentence."""
        return self._parser.parse(sentences)


class MeasuringPool(Protocol):
    """Where the two passes run: each maps chunks to their results, in input order."""

    def measure_texts(self, chunks: Iterable[Sequence[str]]) -> Iterator[Surface]: ...

    def parse_sentences(self, chunks: Iterable[Sequence[str]]) -> Iterator[np.ndarray]: ...


_worker: LinguisticWorker | None = None  # each pool process's own worker, made by _start_worker


def one_blas_thread() -> threadpool_limits:
    """Matrix products on one thread: the workers are the parallelism, and a product's bytes never
    depend on how BLAS split it."""
    return threadpool_limits(1, user_api="blas")


def _start_worker(nlp: Language, batch_size: int) -> None:
    global _worker
    one_blas_thread()  # for the life of this worker process
    _worker = LinguisticWorker(nlp, batch_size)


def _this_worker() -> LinguisticWorker:
    if _worker is None:
        raise RuntimeError("no linguistic worker in this process; expected a pool process started by _start_worker")
    return _worker


def _measure_texts(texts: Sequence[str]) -> Surface:
    return _this_worker().measure_texts(texts)


def _parse_sentences(sentences: Sequence[str]) -> np.ndarray:
    return _this_worker().parse_sentences(sentences)


class WorkerPool:
    """``processes`` spawned workers (or this process alone when 1), each loading the pipeline once.

    Results come back in input order whatever the number of processes, so outputs never depend on it.
    On Linux workers are forked, as spaCy's own ``nlp.pipe(n_process=...)`` does: they inherit the
    loaded pipeline and start in a fraction of a second, where a spawned worker spends seconds
    importing spaCy and loading the model again. They use no library that runs threads of its own.
    """

    def __init__(self, nlp: Language, batch_size: int, processes: int) -> None:
        self.processes = processes
        self._blas_limit = one_blas_thread()  # here, and in forked workers, until __exit__
        self._executor: ProcessPoolExecutor | None = None
        self._local: LinguisticWorker | None = None
        if processes > 1:
            self._executor = ProcessPoolExecutor(
                processes,
                mp_context=multiprocessing.get_context(_START_METHOD),
                initializer=_start_worker,
                initargs=(nlp, batch_size),
            )
        else:
            self._local = LinguisticWorker(nlp, batch_size)

    def measure_texts(self, chunks: Iterable[Sequence[str]]) -> Iterator[Surface]:
        if self._executor is not None:
            return self._executor.map(_measure_texts, chunks)
        assert self._local is not None  # made whenever there is no executor
        return map(self._local.measure_texts, chunks)

    def parse_sentences(self, chunks: Iterable[Sequence[str]]) -> Iterator[np.ndarray]:
        if self._executor is not None:
            return self._executor.map(_parse_sentences, chunks)
        assert self._local is not None  # made whenever there is no executor
        return map(self._local.parse_sentences, chunks)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._blas_limit.restore_original_limits()
