"""Properties of generated text over a batch: it differs by grade and level the way the design says."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import spearmanr

from skillsynth.contract import LEVELS, SKILLS, keyword_column
from skillsynth.features.linguistic import linguistic_features
from skillsynth.generate.grammar import SCENARIOS
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import style_of, template_responses

GRADES = list(range(2, 9))


@pytest.fixture(scope="module")
def batch(settings, nlp) -> pd.DataFrame:
    """1,680 students (20 per cell) with their responses and linguistic features."""
    latent = settings.data.latent
    students = draw_students(
        1680, SKILLS, GRADES, latent.level_means, latent.within_level_sd, latent.skill_correlation, seed=11
    )
    generator = settings.generator
    responses = template_responses(students, 11, style_of(generator), generator.unseen_wording_share)
    features = linguistic_features(responses["text"].tolist(), nlp)
    return pd.concat([students, responses, features], axis=1)


def test_sentence_length_rises_with_grade(batch: pd.DataFrame) -> None:
    by_grade = batch.groupby("grade")["mean_sentence_length"].mean()
    assert by_grade.loc[8] > by_grade.loc[5] > by_grade.loc[2]
    assert by_grade.corr(pd.Series(by_grade.index, index=by_grade.index), method="spearman") > 0.8


def test_vocabulary_and_readability_rise_with_grade(batch: pd.DataFrame) -> None:
    early, upper = batch[batch["grade"] <= 3], batch[batch["grade"] >= 7]
    assert upper["mean_word_length"].mean() > early["mean_word_length"].mean()
    assert upper["readability_grade"].mean() > early["readability_grade"].mean() + 1.0


@pytest.mark.parametrize("skill", SKILLS)
def test_target_keywords_rise_with_level(batch: pd.DataFrame, skill: str) -> None:
    rows = batch[batch["skill"] == skill]
    by_level = rows.groupby("level")[keyword_column(skill)].mean()
    high, medium, developing = (by_level[level] for level in LEVELS)
    assert high > medium > developing


def test_responses_are_varied(batch: pd.DataFrame) -> None:
    assert batch["text"].nunique() == len(batch)
    assert batch["template_id"].nunique() == 40  # 4 skills x 10 scenarios
    assert batch["text"].str.strip().str.len().min() > 0


def test_length_is_independent_of_skill_within_grade_and_grows_with_grade(batch: pd.DataFrame) -> None:
    target = pd.Series([row[f"true_{row['skill']}"] for _, row in batch.iterrows()], index=batch.index)
    within = [spearmanr(rows["word_count"], target[rows.index])[0] for _, rows in batch.groupby("grade")]
    assert max(abs(rho) for rho in within) < 0.2, within
    assert spearmanr(batch["word_count"], batch["grade"])[0] > 0.3
    by_grade = batch.groupby("grade")["word_count"].median()
    assert by_grade.loc[8] > by_grade.loc[5] > by_grade.loc[2]


def test_held_out_wording_covers_the_configured_share_of_scenarios(batch: pd.DataFrame, settings) -> None:
    unseen = batch[batch["wording"] == "unseen"]
    per_skill = round(settings.generator.unseen_wording_share * len(SCENARIOS[SKILLS[0]]))
    assert per_skill >= 2  # one scenario alone makes unseen_wording_r2 swing from seed to seed
    assert unseen.groupby("skill")["template_id"].nunique().to_dict() == {skill: per_skill for skill in SKILLS}
    assert set(unseen["template_id"]).isdisjoint(batch.loc[batch["wording"] == "seen", "template_id"])
