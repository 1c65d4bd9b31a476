"""Answer checking: the strict schemas sent to the server match the pydantic models that check answers."""

from __future__ import annotations

import json

import pytest

from skillsynth.contract import SKILLS
from skillsynth.generate import llm_generator
from skillsynth.label import llm_judge
from skillsynth.llm.answers import AnswerError, parse_answer

JUDGEMENT = {skill: {"score": 0.5, "rationale": "They tried again after failing."} for skill in SKILLS}


def _strict_objects(schema: dict):
    """Every object schema inside ``schema``."""
    if schema.get("type") == "object":
        yield schema
    for child in schema.get("properties", {}).values():
        yield from _strict_objects(child)


@pytest.mark.parametrize(
    ("schema", "model"),
    [
        (llm_generator.response_schema(3), llm_generator.answer_model(3)),
        (llm_judge.score_schema(), llm_judge.answer_model()),
    ],
)
def test_schemas_are_strict_and_match_their_models(schema: dict, model) -> None:
    for obj in _strict_objects(schema):
        assert obj["additionalProperties"] is False and obj["required"] == list(obj["properties"])
    assert list(schema["properties"]) == list(model.model_fields)


def test_a_valid_judgement_passes() -> None:
    assert parse_answer(json.dumps(JUDGEMENT), llm_judge.answer_model()) == JUDGEMENT


@pytest.mark.parametrize(
    ("change", "kind", "detail"),
    [
        (
            {"empathy": {"score": 1.5, "rationale": "x"}},
            "invalid answer",
            "empathy.score = 1.5: Input should be less than or equal to 1",
        ),
        ({"resilience": {"score": -0.1, "rationale": "x"}}, "invalid answer", "resilience.score = -0.1"),
        ({"empathy": {"score": "high", "rationale": "x"}}, "invalid answer", "empathy.score = 'high'"),
        ({"empathy": {"score": 0.5, "rationale": ""}}, "invalid answer", "empathy.rationale = ''"),
        ({"empathy": {"score": 0.5}}, "invalid answer", "empathy.rationale = dict: Field required"),
        ({"kindness": {"score": 0.5, "rationale": "x"}}, "invalid answer", "kindness"),
        ({"empathy": {"score": float("nan"), "rationale": "x"}}, "invalid answer", "empathy.score = nan"),
    ],
)
def test_a_bad_judgement_says_where_and_why(change: dict, kind: str, detail: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(json.dumps({**JUDGEMENT, **change}), llm_judge.answer_model())
    assert caught.value.kind == kind and detail in caught.value.detail


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (None, "empty answer"),
        ("", "empty answer"),
        ("  ", "empty answer"),
        ('{"empathy": {"sco', "malformed JSON"),
        ("not json", "malformed JSON"),
        ("NaN", "invalid answer"),
        ("[1, 2]", "invalid answer"),
    ],
)
def test_no_or_broken_json_is_an_answer_error(content: str | None, kind: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(content, llm_judge.answer_model())
    assert caught.value.kind == kind


def test_a_refusal_is_an_answer_error() -> None:
    with pytest.raises(AnswerError, match="refusal: I can't help"):
        parse_answer(None, llm_judge.answer_model(), refusal="I can't help with that.")


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        ({"student_1": "I helped him up.", "student_2": "ok"}, "student_2 = 'ok'"),
        ({"student_1": "I helped him up."}, "student_2 = dict: Field required"),
        ({"student_1": "a b c", "student_2": "a b c", "student_3": "a b c"}, "student_3"),
        ({"student_1": "x " * 1000, "student_2": "a b c"}, "student_1"),
    ],
)
def test_a_bad_set_of_responses_says_which_student(answer: dict, detail: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_answer(json.dumps(answer), llm_generator.answer_model(2))
    assert detail in caught.value.detail


def test_responses_are_trimmed() -> None:
    parsed = parse_answer(json.dumps({"student_1": "  Um, I took a breath.  "}), llm_generator.answer_model(1))
    assert parsed == {"student_1": "Um, I took a breath."}
