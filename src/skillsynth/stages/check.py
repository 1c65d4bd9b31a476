"""Stage `check`: the whole composed config validated before any other stage runs (every stage descends from it)."""

from __future__ import annotations

import logging

from skillsynth.config import Settings
from skillsynth.files import write_json

log = logging.getLogger(__name__)
# What a refused value means at this stage: DVC runs `check` first, so nothing else has run yet.
# (`skillsynth params` rewrites params.yaml from conf/; after a failed `dvc exp run -S`, git may not
# even show params.yaml as modified, so `git checkout` is no reliable way back.)
RECOVERY = (
    "no other stage ran and no data, model or report was removed; fix the value (e.g. `dvc exp run -S "
    "<key>=<valid value>`), or rewrite params.yaml from conf/ with `skillsynth params`"
)
# What it means at any other stage run by DVC, which removed that stage's outputs before running it.
STAGE_RECOVERY = (
    "fix the value, or rewrite params.yaml from conf/ with `skillsynth params`; `dvc checkout` restores "
    "the outputs of the last successful run"
)


def run(settings: Settings) -> None:
    """Write ``paths.config_check``. Its content never changes, so a passing check re-runs nothing
    downstream; a refused value stopped the command before this point."""
    write_json({"config": "valid"}, settings.paths.config_check)
    log.info("check: every setting of the config is valid -> %s", settings.paths.config_check)
