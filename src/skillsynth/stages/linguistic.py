"""Stage `linguistic`: spaCy, sentiment, readability and keyword features of every response."""

from __future__ import annotations

import logging
import time

from skillsynth.compute import cluster
from skillsynth.config import Settings
from skillsynth.features.linguistic import linguistic_features, load_pipeline
from skillsynth.files import read_table, write_table

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.linguistic``: sample_id plus the linguistic feature columns."""
    started = time.perf_counter()
    responses = read_table(settings.paths.responses, required=("sample_id", "text"))
    texts = responses["text"].tolist()
    with cluster(settings.compute) as on_cluster:
        if on_cluster is None:
            nlp = load_pipeline(settings.nlp.model)
            features = linguistic_features(
                texts,
                nlp,
                batch_size=settings.nlp.batch_size,
                progress=True,
                n_process=settings.nlp.n_process,
            )
        else:
            from skillsynth.features.linguistic_dask import distributed_linguistic_features

            features = distributed_linguistic_features(
                texts, on_cluster.client, settings.nlp.model, settings.nlp.batch_size, on_cluster.partition_size
            )
    features.insert(0, "sample_id", responses["sample_id"].to_numpy())
    path = write_table(features, settings.paths.linguistic)
    log.info(
        "linguistic: %d features for %d responses (%d distinct texts) with %s on %s compute -> %s in %.1f s",
        features.shape[1] - 1,
        len(features),
        responses["text"].nunique(),
        settings.nlp.model,
        settings.compute.name,
        path,
        time.perf_counter() - started,
    )
