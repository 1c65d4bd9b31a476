"""The LLM generator: prompts describing each simulated student, several students of one scenario per call.

Students are grouped by skill; each call takes up to ``responses_per_call`` of them and one game
scenario of that skill (scenarios are dealt in a shuffled cycle, so they stay balanced), and gives
each student a different persona and a target length drawn from the template generator's per-grade
length model (``generator.length``), so length follows the grade and the child, never the skill.
``template_id`` is ``<skill prefix>-<scenario id>``: texts of one
scenario share its content words, and a call's texts share the model's phrasing, so every call
lies inside one group and a group-wise split never puts near-duplicates on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, create_model

from skillsynth.contract import SKILL_DEFINITIONS, SKILLS, WORDINGS, group_id, true_column
from skillsynth.generate.grammar import SCENARIOS, Scenario
from skillsynth.generate.templates import Style
from skillsynth.llm.calls import LlmCall
from skillsynth.rng import stage_rng

SCHEMA_NAME = "student_responses"
SOURCE_PREFIX = "openai:"
TOKENS_PER_WORD = 1.4  # for the cost estimate: spoken English, with punctuation
MAX_TOKENS_PER_WORD = 3.0  # cap per response, relative to its target; a longer answer is cut off and asked again
MIN_MAX_TOKENS_PER_RESPONSE = 120
MIN_WORDS, MAX_CHARACTERS = 3, 1500

PERSONAS: tuple[str, ...] = (
    "shy and brief; says only what was asked",
    "chatty; adds small side details about the game",
    "very literal; describes exactly what happened, step by step",
    "enthusiastic; exclaims and repeats words for emphasis",
    "thoughtful; pauses, corrects themself mid-sentence",
    "learning English; short sentences and simple words",
    "a bit defensive at first, then opens up",
    "jokey; tries to make the listener laugh",
    "quiet and careful; hedges with 'maybe' and 'I guess'",
    "competitive; talks about winning and scores",
    "dreamy; mentions how the game looked and felt",
    "matter-of-fact; no feelings words unless asked",
)

SYSTEM_PROMPT = (
    "You write realistic transcripts of what children said out loud in a classroom learning game, "
    "for research on assessing social-emotional skills. Each answer is one child's spoken reply to the "
    "game's question: everyday spoken language, mostly first person and past tense, the vocabulary and "
    "sentence length of their grade, with the run-on 'and's, false starts, repetitions and fillers children "
    "use when talking; children also retell what happened, say what others did, and drift off topic. How "
    "long a child talks depends on the child and their grade, never on the skill: keep each answer close to "
    "the number of words asked for; a child with little skill may talk a lot and say little, a skilled child "
    "may be brief. A skill shows only through what the child "
    "says they did, thought or felt: never name the skill, its level or a score, never quote these "
    "instructions, never use real people's names. Children at a developing level really do avoid, blame, "
    "give up or do not notice; children at a high level show the skill clearly, in their own words. "
    "Make the children sound different from each other."
)


@dataclass(frozen=True)
class CallGroup:
    """The students one call writes for: their rows, shared skill and scenario, personas and seed."""

    rows: tuple[int, ...]
    skill: str
    scenario: Scenario
    personas: tuple[str, ...]
    seed: int
    target_words: tuple[int, ...] = ()  # one per row; empty: no length asked for

    @property
    def template_id(self) -> str:
        """The grouping key of this call's texts (see the module docstring)."""
        return group_id(self.skill, self.scenario.id)


def plan_calls(students: pd.DataFrame, responses_per_call: int, seed: int, length: Style = Style()) -> list[CallGroup]:
    """Split students into calls of one skill and scenario each; deterministic in ``seed``.

    Each student's target length comes from ``length``'s per-grade model and a talkativeness drawn
    for that student alone, so it never depends on how calls are grouped.
    """
    rng = stage_rng(seed, "generate.llm")
    talkativeness = stage_rng(seed, "generate.llm.length").standard_normal(len(students))
    grades = students["grade"].to_numpy()
    groups: list[CallGroup] = []
    for skill in SKILLS:
        rows = np.flatnonzero(students["skill"].to_numpy() == skill)
        if not len(rows):
            continue
        scenarios = SCENARIOS[skill]
        scenario_order = rng.permutation(len(scenarios))
        for number, start in enumerate(range(0, len(rows), responses_per_call)):
            chunk = tuple(int(row) for row in rows[start : start + responses_per_call])
            persona_order = np.resize(rng.permutation(len(PERSONAS)), len(chunk))
            groups.append(
                CallGroup(
                    rows=chunk,
                    skill=skill,
                    scenario=scenarios[scenario_order[number % len(scenarios)]],
                    personas=tuple(PERSONAS[i] for i in persona_order),
                    seed=int(rng.integers(0, 2**31 - 1)),
                    target_words=tuple(
                        length.target_words(int(grades[row]), float(talkativeness[row])) for row in chunk
                    ),
                )
            )
    return groups


def _strength_words(value: float) -> str:
    for bound, words in (
        (0.2, "barely shows it"),
        (0.4, "shows a little of it"),
        (0.6, "shows some of it"),
        (0.8, "shows it clearly"),
    ):
        if value < bound:
            return words
    return "shows it strongly"


def _student_line(number: int, student: pd.Series, persona: str, words: int | None) -> str:
    skill = student["skill"]
    value = float(student[true_column(skill)])
    others = ", ".join(
        f"{other.replace('_', '-')} {float(student[true_column(other)]):.2f}" for other in SKILLS if other != skill
    )
    grade = int(student["grade"])
    return (
        f"- student_{number}: grade {grade} (age {grade + 5}-{grade + 6}); {skill.replace('_', '-')} level "
        f"{student['level']}, strength {value:.2f} of 1 ({_strength_words(value)}); other skills {others}; "
        f"persona: {persona}" + (f"; about {words} words" if words else "")
    )


def call_messages(group: CallGroup, students: pd.DataFrame) -> tuple[dict[str, str], ...]:
    """The system and user messages of one call."""
    event = group.scenario.event.replace("{friend}", "a friend")
    words = group.target_words or (None,) * len(group.rows)
    lines = [
        _student_line(number, students.iloc[row], persona, target)
        for number, (row, persona, target) in enumerate(zip(group.rows, group.personas, words, strict=True), start=1)
    ]
    user = (
        f"The game asked each child what happened and what they did when {event}. The question is about "
        f"{group.skill.replace('_', '-')}: {SKILL_DEFINITIONS[group.skill]}.\n"
        f"Write the spoken answer of each of these {len(lines)} children, at about the length given for them:\n"
        + "\n".join(lines)
        + "\nStrength runs from 0 (absent) to 1 (exceptional for their age); let it decide how much of the "
        "skill the answer shows. Other skills may show a little too."
    )
    return ({"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user})


def response_schema(count: int) -> dict:
    """The strict JSON schema of an answer for ``count`` students: one string per student."""
    names = [f"student_{number}" for number in range(1, count + 1)]
    return {
        "type": "object",
        "properties": {name: {"type": "string", "description": f"What {name} said."} for name in names},
        "required": names,
        "additionalProperties": False,
    }


def _enough_words(text: str) -> str:
    if len(text.split()) < MIN_WORDS:
        raise ValueError(f"expected a spoken answer of at least {MIN_WORDS} words")
    return text


ResponseText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_CHARACTERS), AfterValidator(_enough_words)
]


@cache
def answer_model(count: int) -> type[BaseModel]:
    """The pydantic model of an answer for ``count`` students (the schema's shape plus length checks)."""
    fields = {f"student_{number}": (ResponseText, ...) for number in range(1, count + 1)}
    # ignored below: mypy matches **fields against create_model's own options
    return create_model(f"StudentResponses{count}", __config__=ConfigDict(extra="forbid"), **fields)  # type: ignore[call-overload]


def _targets(group: CallGroup) -> tuple[int, ...]:
    """The target lengths of a call's students (80 words each when none were asked for)."""
    return group.target_words or (80,) * len(group.rows)


def generation_calls(students: pd.DataFrame, groups: Sequence[CallGroup]) -> list[LlmCall]:
    """One LlmCall per call group."""
    return [
        LlmCall(
            messages=call_messages(group, students),
            schema_name=SCHEMA_NAME,
            schema=response_schema(len(group.rows)),
            answer_model=answer_model(len(group.rows)),
            seed=group.seed,
            samples=len(group.rows),
            expected_output_tokens=round(TOKENS_PER_WORD * sum(_targets(group))),
            max_output_tokens=sum(
                max(MIN_MAX_TOKENS_PER_RESPONSE, round(MAX_TOKENS_PER_WORD * w)) for w in _targets(group)
            ),
        )
        for group in groups
    ]


def responses_from_answers(
    students: pd.DataFrame, groups: Sequence[CallGroup], answers: Sequence[dict], model: str
) -> pd.DataFrame:
    """``text``, ``template_id``, ``wording`` and ``source`` for every student, aligned with ``students``' rows."""
    texts: dict[int, str] = {}
    template_ids: dict[int, str] = {}
    for group, answer in zip(groups, answers, strict=True):
        for number, row in enumerate(group.rows, start=1):
            texts[row] = " ".join(answer[f"student_{number}"].split())
            template_ids[row] = group.template_id
    missing = [row for row in range(len(students)) if row not in texts]
    if missing:
        raise ValueError(f"call plan left {len(missing)} students without a response, e.g. row {missing[0]}")
    order = range(len(students))
    return pd.DataFrame(
        {
            "text": [texts[r] for r in order],
            "template_id": [template_ids[r] for r in order],
            "wording": WORDINGS[0],
            "source": f"{SOURCE_PREFIX}{model}",
        },
        index=students.index,
    )
