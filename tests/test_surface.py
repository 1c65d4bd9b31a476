"""Tests for surface features: rule-based sentences, counts and the readability grade."""

from __future__ import annotations

import numpy as np
import pytest
import readability

from skillsynth.contract import COLUMNS
from skillsynth.features.surface import (
    MATTR_WINDOW,
    SURFACE_COLUMNS,
    SurfaceMeasurer,
    kincaid_grade,
    moving_average_ttr,
)

READABILITY = COLUMNS["readability_grade"]


@pytest.fixture(scope="module")
def measurer(nlp) -> SurfaceMeasurer:
    return SurfaceMeasurer(nlp)


def test_sentences_are_cut_at_end_punctuation_without_surrounding_space(measurer):
    surface = measurer.measure(["Hi!! How  are you?   Fine. ", "", "No end punctuation", "Hi.\n\n!"])
    assert surface.sentences == ["Hi!!", "How  are you?", "Fine.", "No end punctuation", "Hi."]
    assert surface.sentence_counts.tolist() == [3, 0, 1, 1]


def test_every_column_has_one_value_per_text(measurer):
    surface = measurer.measure(["I tried.", "   ", "We shared. We cared."])
    assert set(surface.columns) == set(SURFACE_COLUMNS)
    assert all(len(values) == 3 for values in surface.columns.values())
    assert surface.columns["word_count"].tolist() == [2, 0, 4]
    assert surface.columns["lexical_diversity"].tolist() == [1.0, 0.0, 0.75]


def test_no_texts(measurer):
    surface = measurer.measure([])
    assert surface.sentences == [] and len(surface.sentence_counts) == 0
    assert all(len(values) == 0 for values in surface.columns.values())


@pytest.mark.parametrize(
    "lines",
    [
        ["The cat sat on the mat because it was tired"],
        ["We were friendly", "We tried it again"],
        ["Um so when my friend's tower fell I said sorry", "Then I helped them", "I am 😀 happy $"],
        ["Extraordinarily", "unbelievable", "communication"],
    ],
)
def test_kincaid_grade_equals_the_readability_package(lines):
    words = [word for line in lines for word in line.split() if readability.PUNCTRE.match(word) is None]
    syllables = sum(readability.langdata.LANGDATA["en"]["syllables"](word) for word in words)
    expected = readability.getmeasures("\n".join(lines), lang="en")["readability grades"]["Kincaid"]
    expected = float(np.clip(expected, READABILITY.minimum, READABILITY.maximum))
    assert kincaid_grade(np.array([syllables]), np.array([len(words)]), np.array([len(lines)]))[0] == (
        pytest.approx(expected, abs=1e-12)
    )


def test_kincaid_grade_is_clipped_and_zero_without_words():
    grades = kincaid_grade(np.array([6000, 0, 5]), np.array([2000, 0, 0]), np.array([1, 0, 1]))
    assert grades.tolist() == [READABILITY.maximum, 0.0, 0.0]


def test_readability_ignores_words_of_ascii_punctuation_alone(measurer):
    # "$" is a word to spaCy (not punctuation) but not to the readability package.
    surface = measurer.measure(["$ $ $.", "I am $ happy."])
    assert surface.columns["word_count"].tolist() == [3, 4]
    assert surface.columns["readability_grade"][0] == 0.0
    assert surface.columns["readability_grade"][1] == pytest.approx(
        readability.getmeasures("I am happy", lang="en")["readability grades"]["Kincaid"]
    )


@pytest.mark.parametrize("lengths", [[1], [24, 25, 26], [3, 0, 80, 200, 7], list(range(1, 60))])
def test_moving_average_ttr_equals_lexicalrichness(lengths: list[int]) -> None:
    from lexicalrichness import LexicalRichness

    rng = np.random.default_rng(sum(lengths))
    texts = [rng.integers(0, 30, size).tolist() for size in lengths]  # small vocabulary: many repeats
    text_of = np.repeat(np.arange(len(texts)), lengths)
    words = np.concatenate([np.array(t, dtype=np.int64) for t in texts]) if sum(lengths) else np.zeros(0, np.int64)
    measured = moving_average_ttr(text_of, words, len(texts))
    for text, value in zip(texts, measured, strict=True):
        expected = LexicalRichness(text, None, None).mattr(min(MATTR_WINDOW, len(text))) if text else 0.0
        assert value == pytest.approx(expected, abs=1e-12)
