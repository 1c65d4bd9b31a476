"""The LLM generator's call plan and prompts: every student once, one skill and scenario per call."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from skillsynth.contract import SKILLS
from skillsynth.generate.grammar import SCENARIOS
from skillsynth.generate.llm_generator import (
    PERSONAS,
    call_messages,
    generation_calls,
    plan_calls,
    responses_from_answers,
)
from skillsynth.generate.students import draw_students


def _students(count: int = 200, seed: int = 3) -> pd.DataFrame:
    return draw_students(
        count, list(SKILLS), [2, 5, 8], {"high": 0.9, "medium": 0.0, "developing": -0.9}, 0.45, 0.35, seed
    )


@pytest.mark.parametrize(("count", "per_call"), [(1, 8), (7, 1), (200, 8), (203, 6)])
def test_every_student_is_in_exactly_one_call_of_one_skill(count: int, per_call: int) -> None:
    students = _students(count)
    groups = plan_calls(students, per_call, seed=3)
    rows = [row for group in groups for row in group.rows]
    assert sorted(rows) == list(range(count))
    for group in groups:
        assert 1 <= len(group.rows) <= per_call
        assert set(students.loc[list(group.rows), "skill"]) == {group.skill}
        assert len(set(group.personas)) == len(group.personas) <= len(PERSONAS)
        assert group.scenario in SCENARIOS[group.skill]


def test_scenarios_are_dealt_evenly_and_the_plan_is_seeded() -> None:
    students = _students(800)
    groups = plan_calls(students, 4, seed=3)
    for skill in SKILLS:
        dealt = Counter(group.scenario.id for group in groups if group.skill == skill)
        assert len(dealt) == len(SCENARIOS[skill]) and max(dealt.values()) - min(dealt.values()) <= 1
    assert plan_calls(students, 4, seed=3) == groups
    assert plan_calls(students, 4, seed=4) != groups
    assert len({group.seed for group in groups}) == len(groups)


def test_prompt_describes_grade_level_strength_scenario_and_persona() -> None:
    students = _students(40)
    group = plan_calls(students, 5, seed=3)[0]
    system, user = call_messages(group, students)
    assert system["role"] == "system" and user["role"] == "user"
    text = user["content"]
    assert "{friend}" not in text and group.scenario.event.replace("{friend}", "a friend") in text
    for number, (row, persona) in enumerate(zip(group.rows, group.personas, strict=True), start=1):
        student = students.iloc[row]
        assert f"student_{number}: grade {student['grade']} " in text
        assert f"level {student['level']}, strength {student['true_' + group.skill]:.2f}" in text
        assert f"persona: {persona}" in text


def test_calls_price_and_cap_each_response() -> None:
    students = _students(30)
    groups = plan_calls(students, 4, seed=3)
    calls = generation_calls(students, groups)
    assert [call.samples for call in calls] == [len(group.rows) for group in groups]
    assert all(call.max_output_tokens > call.expected_output_tokens for call in calls)


def test_answers_become_aligned_rows_with_source_and_template_id() -> None:
    students = _students(10)
    groups = plan_calls(students, 3, seed=3)
    answers = [{f"student_{n}": f"I  said   {row}." for n, row in enumerate(g.rows, start=1)} for g in groups]
    responses = responses_from_answers(students, groups, answers, "gpt-4o-mini")
    assert list(responses.index) == list(students.index)
    assert responses["text"].tolist() == [f"I said {row}." for row in range(10)]
    assert set(responses["source"]) == {"openai:gpt-4o-mini"}
    for group in groups:
        assert set(responses.loc[list(group.rows), "template_id"]) == {group.template_id}
    prefix = {"empathy": "emp", "problem_solving": "prb", "self_regulation": "reg", "resilience": "res"}
    assert groups[0].template_id == f"{prefix[groups[0].skill]}-{groups[0].scenario.id}"
