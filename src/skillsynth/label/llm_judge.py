"""The LLM judge: scores all four skills of one sample from its text and telemetry, against the rubric."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from skillsynth.contract import LABEL_COLUMNS, RATIONALE_COLUMNS, SKILLS, TELEMETRY_COLUMNS
from skillsynth.label.rubric import rubric_text
from skillsynth.llm.calls import LlmCall

SCHEMA_NAME = "skill_scores"
EXPECTED_OUTPUT_TOKENS = 200  # four scores with a sentence each, for the cost estimate
MAX_OUTPUT_TOKENS = 800

# How the judge reads each telemetry signal: a phrase with the value in it.
TELEMETRY_PHRASES: dict[str, str] = {
    "task_completion_rate": "finished {percent} of the game's tasks",
    "time_on_task_s": "spent {minutes} minutes on the task",
    "retry_count": "retried {count} times after failing",
    "hint_requests": "asked for {count} hints",
    "peer_help_count": "helped another player {count} times",
    "pause_count": "paused before acting {count} times",
    "error_recovery_rate": "followed {percent} of their errors with a correct move",
    "persistence_after_failure": "tried again after {percent} of their failures",
    "calm_down_actions": "used the calm-down corner {count} times",
}


def telemetry_summary(session: pd.Series) -> str:
    """One line on what the student did in the game, from the 9 telemetry signals."""
    phrases = []
    for signal in TELEMETRY_COLUMNS:
        value = float(session[signal])
        phrases.append(
            TELEMETRY_PHRASES[signal].format(
                percent=f"{value:.0%}",
                minutes=f"{value / 60:.1f}",
                count=f"{value:.0f}",
            )
        )
    return "; ".join(phrases)


def system_prompt() -> str:
    """The judge's instructions: the rubric, the scale and the answer's form."""
    return (
        "You are a trained rater of children's social-emotional skills. You read what a child said in a "
        "classroom learning game (a transcript of speech) and a summary of how they played, and you score "
        "four skills against this rubric, for a child of that grade:\n"
        f"{rubric_text()}\n"
        "Score each skill as a number from 0 to 1; points between the anchors are allowed. Judge only the "
        "evidence given: a skill the child gives little evidence of scores low on the words and is read "
        "mostly from the telemetry. For each skill give a one-sentence rationale that cites the evidence."
    )


def judge_messages(text: str, skill: str, grade: int, telemetry: str) -> tuple[dict[str, str], ...]:
    """The system and user messages that ask for one sample's scores."""
    user = (
        f"Grade {grade}. The game's question was about {skill.replace('_', '-')}.\n"
        f'What the child said: "{text}"\n'
        f"How they played: {telemetry}."
    )
    return ({"role": "system", "content": system_prompt()}, {"role": "user", "content": user})


def score_schema() -> dict:
    """The strict JSON schema of a judgement: a score and a rationale for every skill."""
    judgement = {
        "type": "object",
        "properties": {
            "score": {"type": "number", "description": "From 0 (absent) to 1 (exceptional for the grade)."},
            "rationale": {"type": "string", "description": "One sentence citing the evidence."},
        },
        "required": ["score", "rationale"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {skill: judgement for skill in SKILLS},
        "required": list(SKILLS),
        "additionalProperties": False,
    }


class SkillJudgement(BaseModel):
    """One skill's score and its reason; a score outside [0, 1] is an invalid answer."""

    model_config = ConfigDict(extra="forbid")
    score: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
    rationale: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


@cache
def answer_model() -> type[BaseModel]:
    """The pydantic model of a judgement: the schema's shape plus the score range."""
    fields = {skill: (SkillJudgement, ...) for skill in SKILLS}
    return create_model("SkillScores", __config__=ConfigDict(extra="forbid"), **fields)  # type: ignore[call-overload]  # mypy matches **fields against create_model's own options


def judge_calls(samples: pd.DataFrame, seed: int) -> list[LlmCall]:
    """One call per sample; ``samples`` holds text, skill, grade and the telemetry columns."""
    return [
        LlmCall(
            messages=judge_messages(row["text"], row["skill"], int(row["grade"]), telemetry_summary(row)),
            schema_name=SCHEMA_NAME,
            schema=score_schema(),
            answer_model=answer_model(),
            seed=seed,
            samples=1,
            expected_output_tokens=EXPECTED_OUTPUT_TOKENS,
            max_output_tokens=MAX_OUTPUT_TOKENS,
        )
        for _, row in samples.iterrows()
    ]


def labels_from_judgements(sample_ids: Sequence[str], judgements: Sequence[dict]) -> pd.DataFrame:
    """sample_id, ``<skill>_score`` and ``<skill>_rationale`` for every sample."""
    columns: dict[str, list] = {"sample_id": list(sample_ids)}
    for skill, score in zip(SKILLS, LABEL_COLUMNS, strict=True):
        columns[score] = [float(judgement[skill]["score"]) for judgement in judgements]
    for skill, rationale in zip(SKILLS, RATIONALE_COLUMNS, strict=True):
        columns[rationale] = [" ".join(judgement[skill]["rationale"].split()) for judgement in judgements]
    return pd.DataFrame(columns)
