"""Stage `real`: a team's real labelled sessions, held to the rules, featurised like any session, raters agreed."""

from __future__ import annotations

import logging
import time

from skillsynth.config import Settings
from skillsynth.errors import SkillsynthError
from skillsynth.files import write_json, write_table
from skillsynth.real.rules import real_file_rules
from skillsynth.real.sessions import (
    check_real_file,
    empty_real_table,
    rated_sessions,
    read_real_file,
    real_file,
    real_table,
)
from skillsynth.rng import stage_rng

log = logging.getLogger(__name__)


def run(settings: Settings) -> None:
    """Write ``paths.real_data`` (one row per rated session) and ``paths.real_agreement``.

    The `validate_real` gate checks the same rules first (real/rules.py); this stage checks them
    again as it reads the file, since it cannot go on without them. No output is written unless
    every check passes.
    """
    started = time.perf_counter()
    paths, data = settings.paths, settings.data
    if not data.real_path:
        write_table(empty_real_table(), paths.real_data)
        write_json({}, paths.real_agreement)
        log.info("real: data.real_path is empty: no real samples -> %s", paths.real_data)
        return
    source = real_file(data.real_path, paths.real_dir)
    if not source.is_file():
        raise SkillsynthError(
            f"data.real_path = {data.real_path!r}: no such file; queued and --temp experiments see only files "
            "git or DVC tracks (`dvc add` it)"
        )
    frame = read_real_file(source)
    rules = real_file_rules(frame.columns, data.real_score_scale)
    check_real_file(frame, rules, str(source))
    rated = rated_sessions(frame, rules, data.real_score_scale)
    sessions = rated.sessions
    # Imported here: spaCy, NLTK and TextBlob take ~1.5 s to import, and the agreement's scikit-learn
    # ~0.8 s, which the stage without real data (above, on every fresh `dvc repro` of the default
    # config) need not pay.
    from skillsynth.features.linguistic import load_pipeline
    from skillsynth.real.agreement import rater_agreement
    from skillsynth.session_features import session_features

    nlp = load_pipeline(settings.nlp.model)
    features = session_features(
        sessions["text"].tolist(), sessions, nlp, settings.nlp.batch_size, True, settings.nlp.n_process
    )
    agreement = rater_agreement(rated.ratings, stage_rng(settings.seed, "real.agreement"))
    write_table(real_table(sessions, features), paths.real_data)
    write_json(agreement, paths.real_agreement)
    log.info(
        "real: %d rows of %s -> %d rated sessions in %d groups (by %s; %d unrated left out), scores %s, "
        "telemetry %d of 9 signals, raters' alpha %s%s -> %s in %.1f s",
        len(frame),
        source,
        len(sessions),
        sessions["group_id"].nunique(),
        rules.group_column or rules.id_column,
        rated.unrated,
        list(rules.score_columns),
        len(rules.telemetry_columns),
        {skill: a["alpha"] for skill, a in agreement.items()} or "- (no rater_id)",
        f"; ignoring columns {list(rules.ignored)}" if rules.ignored else "",
        paths.real_data,
        time.perf_counter() - started,
    )
