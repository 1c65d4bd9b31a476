"""Linguistic features on a Dask cluster: distinct texts in partitions, the spaCy pipeline loaded once per worker."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from spacy.language import Language

from skillsynth.compute import map_partitions, partition_slices
from skillsynth.features.linguistic import linguistic_features, load_pipeline

if TYPE_CHECKING:
    from distributed import Client


@functools.cache
def worker_pipeline(model: str) -> Language:
    """The spaCy pipeline ``model``, loaded once in each worker process and kept for its later tasks."""
    return load_pipeline(model)


def partition_features(texts: list[str], model: str, batch_size: int) -> pd.DataFrame:
    """Runs on a worker: the feature numbers of ``texts`` (never the parses)."""
    return linguistic_features(texts, worker_pipeline(model), batch_size=batch_size)


def distributed_linguistic_features(
    texts: Sequence[str],
    client: Client,
    model: str,
    batch_size: int,
    partition_size: int,
    on_done: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """One row of linguistic features per text, in input order, as ``linguistic_features`` gives it.

    Each distinct text is parsed once, on some worker, in partitions of ``partition_size`` texts.
    """
    nlp = load_pipeline(model)  # a missing pipeline stops here, with its one-line error, before any task
    position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
    distinct = list(position)
    if not distinct:
        return linguistic_features([], nlp)
    partitions = [distinct[rows] for rows in partition_slices(len(distinct), partition_size)]
    frames = map_partitions(
        client, partition_features, partitions, model, batch_size, desc="linguistic features", on_done=on_done
    )
    by_distinct = pd.concat(frames, ignore_index=True)
    row_of_text = np.fromiter((position[text] for text in texts), dtype=np.intp, count=len(texts))
    return by_distinct.iloc[row_of_text].reset_index(drop=True)
