"""Stage `linguistic`: spaCy, sentiment, readability and keyword features of every response."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.files import read_table, write_table
from skillsynth.features.linguistic import linguistic_features, load_pipeline

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.linguistic``: sample_id plus the linguistic feature columns."""
    started = time.perf_counter()
    responses = read_table(settings.paths.responses, required=("sample_id", "text"))
    texts = responses["text"].tolist()
    compute = settings.compute
    if compute.name == "dask":
        from skillsynth.compute import dask_client
        from skillsynth.features.linguistic_dask import distributed_linguistic_features

        with dask_client(compute) as client:
            features = distributed_linguistic_features(
                texts, client, settings.nlp.model, settings.nlp.batch_size, compute.partition_size
            )
    else:
        nlp = load_pipeline(settings.nlp.model)
        features = linguistic_features(
            texts, nlp, batch_size=settings.nlp.batch_size, progress=True, n_process=settings.nlp.n_process,
        )
    features.insert(0, "sample_id", responses["sample_id"].to_numpy())
    path = write_table(features, settings.paths.linguistic)
    log.info(
        "linguistic: %d features for %d responses (%d distinct texts) with %s on %s compute -> %s in %.1f s",
        features.shape[1] - 1, len(features), responses["text"].nunique(),
        settings.nlp.model, compute.name, path, time.perf_counter() - started,
    )
