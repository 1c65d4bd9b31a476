"""Stage `real`: the user's real labelled samples, held to the contract, ready to mix into training."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.contract import REAL_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_table
from skillsynth.real_data import conform_real_table, empty_real_table, real_file

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.real_data``: the rows of ``data.real_path``, or no rows when it is empty.

    The data-quality gate for real files (a `validate@real` stage running the `training` suite on
    ``data.real_path``) goes in front of this stage in dvc.yaml; this stage's own checks are the
    contract's columns, dtypes, ranges and allowed values, which training cannot do without.
    """
    started = time.perf_counter()
    paths, real_path = settings.paths, settings.data.real_path
    if not real_path:
        write_table(empty_real_table(), paths.real_data)
        log.info("real: data.real_path is empty: no real samples -> %s", paths.real_data)
        return
    source = real_file(real_path, paths.real_dir)
    if not source.is_file():
        raise SkillsynthError(
            f"data.real_path = {real_path!r}: no such file; queued and --temp experiments see only files "
            "git or DVC tracks (`dvc add` it)"
        )
    raw = read_table(source)
    table = conform_real_table(raw, str(source))
    dropped = [name for name in raw.columns if name not in REAL_COLUMNS]
    write_table(table, paths.real_data)
    log.info(
        "real: %d real samples (%d template groups, sources %s) from %s%s -> %s in %.1f s",
        len(table), table["template_id"].nunique(), sorted(table["source"].unique()), source,
        f", ignoring columns {dropped}" if dropped else "", paths.real_data, time.perf_counter() - started,
    )
