"""Stage `assemble`: join responses, features and labels into the training table."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.dataset import assemble_training_table
from skillsynth.files import read_table, write_table

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.training_data``: one row per sample, contract columns in contract order."""
    started = time.perf_counter()
    paths = settings.paths
    sources = (paths.responses, paths.linguistic, paths.behavioral, paths.labels)
    parts = {path: read_table(path, required=("sample_id",)) for path in sources}
    table = assemble_training_table(parts)
    path = write_table(table, paths.training_data)
    log.info(
        "assemble: %d rows x %d columns -> %s in %.1f s",
        len(table),
        table.shape[1],
        path,
        time.perf_counter() - started,
    )
