"""The LLM judge's prompt: the written rubric, the telemetry summary, and the labels it yields."""

from __future__ import annotations

import pandas as pd

from skillsynth.contract import LABEL_COLUMNS, RATIONALE_COLUMNS, SKILLS, TELEMETRY_COLUMNS
from skillsynth.label.llm_judge import (
    TELEMETRY_PHRASES,
    judge_calls,
    judge_messages,
    labels_from_judgements,
    system_prompt,
    telemetry_summary,
)
from skillsynth.label.rubric import ANCHORS, SCORE_POINTS, rubric_text

SESSION = pd.Series(
    {
        "task_completion_rate": 0.724,
        "time_on_task_s": 690.0,
        "retry_count": 3,
        "hint_requests": 1,
        "peer_help_count": 2,
        "pause_count": 4,
        "error_recovery_rate": 0.6,
        "persistence_after_failure": 0.8,
        "calm_down_actions": 0,
    }
)


def test_rubric_anchors_every_skill_at_every_point() -> None:
    assert set(ANCHORS) == set(SKILLS)
    text = rubric_text()
    for skill in SKILLS:
        assert len(ANCHORS[skill]) == len(SCORE_POINTS)
        assert all(anchor in text for anchor in ANCHORS[skill])
    assert text in system_prompt()


def test_telemetry_summary_reads_every_signal() -> None:
    assert set(TELEMETRY_PHRASES) == set(TELEMETRY_COLUMNS)
    summary = telemetry_summary(SESSION)
    assert summary.startswith("finished 72% of the game's tasks; spent 11.5 minutes on the task; retried 3 times")
    assert "used the calm-down corner 0 times" in summary and summary.count(";") == len(TELEMETRY_COLUMNS) - 1


def test_one_call_per_sample_at_the_run_seed() -> None:
    samples = pd.DataFrame(
        [{**SESSION, "text": f"I tried {n} times.", "skill": "resilience", "grade": 4} for n in range(3)]
    )
    calls = judge_calls(samples, seed=11)
    assert len(calls) == 3 and {call.seed for call in calls} == {11} and {call.samples for call in calls} == {1}
    user = calls[1].messages[1]["content"]
    assert 'What the child said: "I tried 1 times."' in user and "Grade 4." in user and "resilience" in user
    assert calls[0].messages[0] == judge_messages("x", "empathy", 2, "y")[0]  # one shared system prompt


def test_labels_keep_scores_then_rationales() -> None:
    judgement = {skill: {"score": 0.25 * n, "rationale": f" Reason  {n}. "} for n, skill in enumerate(SKILLS)}
    labels = labels_from_judgements(["s1", "s2"], [judgement, judgement])
    assert list(labels.columns) == ["sample_id", *LABEL_COLUMNS, *RATIONALE_COLUMNS]
    assert labels[LABEL_COLUMNS[3]].tolist() == [0.75, 0.75] and labels[RATIONALE_COLUMNS[1]][0] == "Reason 1."
