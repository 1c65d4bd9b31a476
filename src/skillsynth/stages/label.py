"""Stage `label`: the four skill scores of every sample."""

from __future__ import annotations

import logging
import time

import pandas as pd

from skillsynth.compute import by_sample_blocks
from skillsynth.config import HeuristicLabeler, Settings
from skillsynth.contract import LABEL_COLUMNS, TELEMETRY_COLUMNS, TRUE_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_table
from skillsynth.label.heuristic import Rater, heuristic_scores
from skillsynth.llm.calls import Endpoint
from skillsynth.llm.stage import llm_endpoint, write_usage
from skillsynth.llm.usage import Usage

log = logging.getLogger(__name__)
STAGE = "label"


def run(settings: Settings) -> None:
    """Write ``paths.labels``: sample_id plus ``<skill>_score`` (and the judge's rationales).

    Also writes this stage's LLM usage record (zeros for the heuristic rater), even when LLM calls fail.
    """
    started = time.perf_counter()
    labeler = settings.labeler
    endpoint = llm_endpoint(labeler, "labeler", settings)  # no key: stop before any work
    responses = read_table(settings.paths.responses, required=("sample_id", "skill", "grade", "text", *TRUE_COLUMNS))
    usage = Usage()
    backend = f"openai:{endpoint.model}" if endpoint else "heuristic"
    try:
        if endpoint is None:
            scores = _heuristic_scores(responses, settings)
        else:
            scores = _judge_scores(responses, settings, endpoint, usage)
    finally:
        write_usage(settings, STAGE, backend, usage)
    path = write_table(scores, settings.paths.labels)
    means = scores[list(LABEL_COLUMNS)].mean().round(3).to_dict()
    log.info(
        "label: %d samples scored by the %s labeler (means %s) -> %s in %.1f s",
        len(scores),
        backend,
        means,
        path,
        time.perf_counter() - started,
    )


def _heuristic_scores(responses: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """The free rater's scores, here or on the Dask cluster in seed-block-aligned partitions."""
    labeler = settings.labeler
    assert isinstance(labeler, HeuristicLabeler)  # llm_endpoint gave no endpoint
    arrays = (responses[list(TRUE_COLUMNS)].to_numpy(), responses["skill"])
    rater = Rater.of(labeler)
    scores = by_sample_blocks(settings.compute, heuristic_scores, arrays, rater, settings.seed, desc="label")
    scores.insert(0, "sample_id", responses["sample_id"].to_numpy())
    return scores


def _judge_scores(responses: pd.DataFrame, settings: Settings, endpoint: Endpoint, usage: Usage) -> pd.DataFrame:
    from skillsynth.label.llm_judge import judge_calls, labels_from_judgements
    from skillsynth.llm.stage import answers_for

    behavioral_path = settings.paths.behavioral
    telemetry = read_table(behavioral_path, required=("sample_id", *TELEMETRY_COLUMNS))
    ids = telemetry["sample_id"]
    if set(ids) != set(responses["sample_id"]) or ids.duplicated().any():
        missing = sorted(set(responses["sample_id"]) - set(ids))[:3]
        raise SkillsynthError(
            f"{behavioral_path}: sample_id does not match {settings.paths.responses} one-to-one "
            f"(no telemetry for e.g. {missing}); rerun the behavioral stage"
        )
    samples = responses.merge(telemetry.loc[:, ["sample_id", *TELEMETRY_COLUMNS]], on="sample_id", how="left")
    judgements = answers_for(judge_calls(samples, settings.seed), endpoint, settings, usage, STAGE)
    return labels_from_judgements(samples["sample_id"].tolist(), judgements)
