"""Stage `generate`: simulated students and their spoken responses."""

from __future__ import annotations

import logging
import time

import pandas as pd

from skillsynth.config import OpenAIGenerator, Settings, TemplateGenerator
from skillsynth.contract import RESPONSE_COLUMNS
from skillsynth.files import write_table
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import length_style, style_of, template_responses
from skillsynth.llm.calls import Endpoint
from skillsynth.llm.stage import llm_endpoint, write_usage
from skillsynth.llm.usage import Usage

log = logging.getLogger(__name__)
STAGE = "generate"


def run(settings: Settings) -> None:
    """Write ``paths.responses``: one row per student with text, template_id and latent skills.

    Also writes this stage's LLM usage record (zeros for templates), even when LLM calls fail.
    """
    started = time.perf_counter()
    generator = settings.generator
    endpoint = llm_endpoint(generator, "generator", settings)  # no key: stop before any work
    data, latent = settings.data, settings.data.latent
    students = draw_students(
        data.count,
        data.skills,
        data.grades,
        latent.level_means,
        latent.within_level_sd,
        latent.skill_correlation,
        settings.seed,
    )
    usage = Usage()
    backend = f"openai:{endpoint.model}" if endpoint else "template"
    try:
        if endpoint is None:
            assert isinstance(generator, TemplateGenerator)  # llm_endpoint gave no endpoint
            responses = template_responses(
                students, settings.seed, style_of(generator), generator.unseen_wording_share, progress=True
            )
        else:
            responses = _llm_responses(students, settings, endpoint, usage)
    finally:
        write_usage(settings, STAGE, backend, usage)
    table = pd.concat([students, responses], axis=1).loc[:, list(RESPONSE_COLUMNS)]
    path = write_table(table, settings.paths.responses)
    log.info(
        "generate: %d responses (%d distinct texts, %d templates) by %s -> %s in %.1f s",
        len(table),
        table["text"].nunique(),
        table["template_id"].nunique(),
        backend,
        path,
        time.perf_counter() - started,
    )


def _llm_responses(students: pd.DataFrame, settings: Settings, endpoint: Endpoint, usage: Usage) -> pd.DataFrame:
    from skillsynth.generate.llm_generator import generation_calls, plan_calls, responses_from_answers
    from skillsynth.llm.stage import answers_for

    assert isinstance(settings.generator, OpenAIGenerator)  # llm_endpoint gave an endpoint
    groups = plan_calls(
        students, settings.generator.responses_per_call, settings.seed, length_style(settings.generator.length)
    )
    answers = answers_for(generation_calls(students, groups), endpoint, settings, usage, STAGE)
    return responses_from_answers(students, groups, answers, endpoint.model)
