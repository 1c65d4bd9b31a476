"""The behaviour gate: its cases, and that it fails the models it is meant to catch."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import xgboost as xgb
from support import run_stages, settings_in

from skillsynth.behaviour import cases
from skillsynth.behaviour.checks import ALL_SKILLS, SCORES, Thresholds, judge, plan_cases, run_checks, telemetry_probe
from skillsynth.contract import SKILLS, TELEMETRY_COLUMNS, concern_column, model_inputs, score_column
from skillsynth.generate import speech
from skillsynth.session_features import session_features

CASES, DIRECTIONAL_CASES = 60, 25


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """800 generated answers with their features and labels: (training part, held-out answers)."""
    settings = settings_in(tmp_path_factory.mktemp("behaviour"), "data.count=800")
    run_stages(settings, ("generate", "linguistic", "behavioral", "label", "assemble"))
    table = pd.read_csv(settings.paths.training_data)
    held_out = table["template_id"].str.endswith(("_0", "new_kid", "maze", "timer", "boss"))  # a few scenarios
    return table.loc[~held_out].reset_index(drop=True), table.loc[held_out].reset_index(drop=True)


def _scorer(train: pd.DataFrame, columns: list[str], nlp):
    """A model per skill on ``columns`` of ``train``, scoring sessions through the pipeline's own features."""
    models = {
        skill: xgb.XGBRegressor(max_depth=3, n_estimators=120, learning_rate=0.1, random_state=0, n_jobs=1).fit(
            train[columns], train[score_column(skill)]
        )
        for skill in SKILLS
    }

    def score(sessions: pd.DataFrame) -> pd.DataFrame:
        features = session_features(sessions["text"].tolist(), sessions, nlp)
        return pd.DataFrame({score_column(s): np.clip(models[s].predict(features[columns]), 0, 1) for s in SKILLS})

    return score


def _held_out(world) -> pd.DataFrame:
    _, held_out = world
    return held_out.loc[:, ["text", "grade", "skill", *(concern_column(s) for s in SKILLS)]]


def test_a_length_driven_model_fails_the_off_topic_invariance(world, nlp) -> None:
    train, _ = world
    results = run_checks(
        _held_out(world),
        train[list(TELEMETRY_COLUMNS)],
        _scorer(train, ["word_count"], nlp),
        7,
        CASES,
        DIRECTIONAL_CASES,
        Thresholds(),
    )
    off_topic = results.invariance[results.invariance["test"] == "add_off_topic_sentence"]
    assert (off_topic["p95_abs_change"] > 0.03).all()
    assert any("invariance add_off_topic_sentence" in line for line in results.failures)
    assert results.summary()["passed"] is False


def test_a_model_without_text_features_fails_the_directional_text_tests(world, nlp) -> None:
    train, _ = world
    telemetry_only = list(model_inputs(["telemetry"]))
    results = run_checks(
        _held_out(world),
        train[list(TELEMETRY_COLUMNS)],
        _scorer(train, telemetry_only, nlp),
        7,
        CASES,
        DIRECTIONAL_CASES,
        Thresholds(),
    )
    pooled = results.directions[results.directions["skill"] == ALL_SKILLS].set_index("test")["pass_rate"]
    assert pooled.to_dict() == {"add_strong_move": 0.0, "add_unhelpful_move": 0.0, "negation": 0.0}
    for test in ("add_strong_move", "add_unhelpful_move", "negation"):
        assert any(f"directional {test}: {ALL_SKILLS}" in line for line in results.failures), test
    assert (results.invariance["p95_abs_change"] == 0).all()  # it cannot move with the text at all


def test_the_evidence_model_passes_where_the_length_model_fails(world, nlp) -> None:
    train, _ = world
    evidence = list(model_inputs(["evidence", "telemetry"]))
    results = run_checks(
        _held_out(world),
        train[list(TELEMETRY_COLUMNS)],
        _scorer(train, evidence, nlp),
        7,
        CASES,
        DIRECTIONAL_CASES,
        Thresholds(),
    )
    assert results.summary()["off_topic_p95_max"] == 0.0
    assert results.summary()["min_functionality_accuracy_min"] > 0.85


def test_every_case_generator_is_deterministic_under_the_seed(world) -> None:
    train, _ = world
    first = plan_cases(_held_out(world), train[list(TELEMETRY_COLUMNS)], 3, CASES, DIRECTIONAL_CASES)
    again = plan_cases(_held_out(world), train[list(TELEMETRY_COLUMNS)], 3, CASES, DIRECTIONAL_CASES)
    other = plan_cases(_held_out(world), train[list(TELEMETRY_COLUMNS)], 4, CASES, DIRECTIONAL_CASES)
    assert first.batch.frame().equals(again.batch.frame()) and first.edits == again.edits
    assert first.directional == again.directional and first.negations == again.negations
    assert not first.batch.frame().equals(other.batch.frame())


RNG = np.random.default_rng


@pytest.mark.parametrize(
    ("edit", "text", "expected"),
    [
        (
            cases.swap_name,
            "Maya was sad. I asked Maya if she was okay.",
            r"^(?!.*Maya)(\w+) was sad\. I asked \1 if she was okay\.$",
        ),
        (
            cases.change_pronouns,
            "He was sad so I gave him a hug. It was his game.",
            r"^She was sad so I gave her a hug\. It was her game\.$",
        ),
        (cases.remove_fillers, "Um, we lost. Like, I tried again.", r"^We lost\. I tried again\.$"),
        (cases.repeat_a_sentence, "We lost.", r"^We lost\. We lost\.$"),
        (
            cases.swap_game,
            "We were playing the maze game in class.",
            r"^We were playing (?!the maze game).+ in class\.$",
        ),
    ],
)
def test_invariance_edits_change_only_what_they_say(edit, text, expected) -> None:
    assert re.match(expected, edit(text, 4, "empathy", RNG(0))), edit(text, 4, "empathy", RNG(0))


@pytest.mark.parametrize(
    ("edit", "text"),
    [
        (cases.swap_name, "I tried again."),
        (cases.change_pronouns, "She was sad and he was mad."),
        (cases.remove_fillers, "I tried again."),
    ],
)
def test_an_edit_that_does_not_apply_says_so(edit, text) -> None:
    assert edit(text, 4, "empathy", RNG(0)) is None


def test_a_swapped_name_keeps_its_pronouns() -> None:
    pronouns = dict(speech.NAMES)
    for seed in range(20):
        swapped = cases.swap_name("Kai said they were fine.", 3, "empathy", RNG(seed))
        name = swapped.split()[0]
        assert pronouns[name] == pronouns["Kai"] and name != "Kai"


@pytest.mark.parametrize("skill", SKILLS)
def test_directional_edits_add_a_sentence_of_the_skill(skill: str) -> None:
    text = "We were playing in class."
    strong = cases.add_strong_move(text, skill, RNG(1))
    said, negated = cases.add_negation_pair(text, skill, RNG(1))
    assert strong.startswith(text + " ") and strong.endswith(".") and "{" not in strong
    assert said.startswith(text + " ") and negated.startswith(text + " ")
    assert "n't" in negated.removeprefix(text) and "n't" not in said.removeprefix(text)


@pytest.mark.parametrize(
    ("skill", "signal"),
    [
        ("empathy", "peer_help_count"),
        ("problem_solving", "hint_requests"),
        ("self_regulation", "calm_down_actions"),
        ("resilience", "persistence_after_failure"),
    ],
)
def test_each_skill_is_probed_by_its_most_specific_signal(skill: str, signal: str) -> None:
    assert telemetry_probe(skill)[0] == signal
    assert telemetry_probe("problem_solving")[1] == -1.0  # fewer hints: more problem-solving


def test_judging_counts_ties_as_failures_and_pools_directional_cases(world) -> None:
    train, _ = world
    plan = plan_cases(_held_out(world), train[list(TELEMETRY_COLUMNS)], 3, 20, 10)
    flat = judge(plan, np.full((len(plan.batch.texts), len(SCORES)), 0.5), Thresholds())
    assert (flat.invariance["p95_abs_change"] == 0).all()
    rates = flat.directions.set_index(["test", "skill"])["pass_rate"]
    assert rates[("add_strong_move", ALL_SKILLS)] == 0.0 and rates[("pairs", "empathy")] == 0.0
    shares = [line for line in flat.failures if "directional" in line and " right in " in line]
    assert len(shares) == 3  # one per pooled test, not per skill
    assert len([line for line in flat.failures if "is not specific to its skill" in line]) == len(SKILLS)
