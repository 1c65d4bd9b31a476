"""Tests for the skill-move grammar, the spoken-language banks and the composer."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.stats import spearmanr

from skillsynth.contract import SKILL_PREFIXES, SKILLS, concern_column, group_id, keyword_column
from skillsynth.features.keywords import SKILL_KEYWORDS
from skillsynth.features.linguistic import linguistic_features
from skillsynth.features.syntax import SYNTAX_FIELDS, SentenceParser
from skillsynth.generate import speech
from skillsynth.generate.grammar import (
    GRADE_BANDS,
    LOW_SKILL_MOVES,
    SCENARIOS,
    SKILL_MOVES,
    STRENGTHS,
    band_for_grade,
)
from skillsynth.generate.templates import Style, compose_response, draw_skeleton, draw_voice, render_skeleton

SLOT = re.compile(r"\{\w+\}")
SENTENCE_END = re.compile(r"[.!?]")
FULL_FILLS = {
    "friend": "my friend",
    "feeling": "sad",
    "good_feeling": "happy",
    "helper": "my teacher",
    "intensifier": "really",
    "thing": "the race",
    "they": "she",
    "them": "her",
    "their": "her",
    "were": "was",
    "themself": "herself",
    "game": "the maze game",
    "event": "my friend lost the race",
}


def keyword_count(skill: str, text: str) -> int:
    """Occurrences of the skill's keywords in ``text``, on word boundaries, longest match first."""
    phrases = sorted(SKILL_KEYWORDS[skill], key=len, reverse=True)
    pattern = r"(?<![\w'-])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w'-])"
    return len(re.findall(pattern, text.lower()))


def words_per_sentence(text: str) -> float:
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    return sum(len(s.split()) for s in sentences) / len(sentences)


def batch(
    skill: str, values: tuple[float, float], grades: tuple[int, int], count: int, seed: int, style: Style = Style()
) -> list[str]:
    rng = np.random.default_rng(seed)
    texts = []
    for _ in range(count):
        skill_value = float(rng.uniform(*values))
        grade = int(rng.integers(grades[0], grades[1] + 1))
        texts.append(compose_response(skill, skill_value, grade, rng, style).text)
    return texts


def sentences_of(text: str) -> list[str]:
    """A generated answer's sentences: the composer ends each with ".", "!" or "?" and one space."""
    return re.split(r"(?<=[.!?]) ", text)


def test_grammar_covers_every_skill_with_enough_material() -> None:
    assert set(SCENARIOS) == set(SKILL_MOVES) == set(LOW_SKILL_MOVES) == set(SKILLS) == set(SKILL_PREFIXES)
    for skill in SKILLS:
        assert len(SCENARIOS[skill]) >= 8
        assert len({s.id for s in SCENARIOS[skill]}) == len(SCENARIOS[skill])
        assert len(SKILL_MOVES[skill]) >= 6
        assert len({m.id for m in SKILL_MOVES[skill]}) == len(SKILL_MOVES[skill])
        assert all(len(m.variants(tier)) >= 3 for m in SKILL_MOVES[skill] for tier in range(len(STRENGTHS)))
        assert len(LOW_SKILL_MOVES[skill]) >= 4


def test_every_phrase_fills_cleanly() -> None:
    phrases = [v for moves in SKILL_MOVES.values() for m in moves for t in range(3) for v in m.variants(t)]
    phrases += [v for moves in LOW_SKILL_MOVES.values() for m in moves for v in m.variants]
    phrases += [s.event for scenarios in SCENARIOS.values() for s in scenarios]
    phrases += [v for band in speech.TALK for kind in speech.TALK_KINDS for v in speech.talk_for(band, kind)]
    phrases += list(speech.PLAIN)
    for phrase in phrases:
        filled = phrase.format_map(FULL_FILLS)
        assert "{" not in filled and "}" not in filled, phrase
        assert filled == filled.strip() and "  " not in filled, phrase
        assert not filled.endswith((".", "!", "?")), phrase


def test_side_talk_never_says_a_skill_move() -> None:
    """Side talk pads an answer to the child's length: a move said there would be skill evidence
    whatever the child's skill."""
    moves = {v for moves in SKILL_MOVES.values() for m in moves for t in range(3) for v in m.variants(t)}
    moves |= {v for moves in LOW_SKILL_MOVES.values() for m in moves for v in m.variants}
    talk = {v for band in speech.TALK for kind in speech.TALK_KINDS for v in speech.talk_for(band, kind)}
    assert not talk & moves, sorted(talk & moves)


def test_plain_talk_carries_no_skill_words(nlp) -> None:
    """Plain clauses are said whatever the child's skill: none of them may count as evidence or
    concern of any skill."""
    features = linguistic_features([clause.format_map(FULL_FILLS) + "." for clause in speech.PLAIN], nlp)
    counts = features[[keyword_column(s) for s in SKILLS] + [concern_column(s) for s in SKILLS]]
    assert not counts.to_numpy().any(), counts[counts.any(axis=1)]


def test_detail_themes_are_the_details() -> None:
    assert speech.DETAILS == tuple(detail for theme in speech.DETAIL_THEMES for detail in theme)
    assert all(len(theme) >= 5 for theme in speech.DETAIL_THEMES)
    assert all("{thing}" in detail for detail in speech.DETAIL_THEMES[-1])  # the last: the scenario's own thing


@pytest.mark.parametrize("skill", SKILLS)
def test_strong_variants_carry_more_keywords_than_weak(skill: str) -> None:
    def mean_keywords(tier: int) -> float:
        variants = [SLOT.sub("", v) for m in SKILL_MOVES[skill] for v in m.variants(tier)]
        return sum(keyword_count(skill, v) for v in variants) / len(variants)

    assert mean_keywords(0) < mean_keywords(1) < mean_keywords(2)


@pytest.mark.parametrize(
    ("grade", "band"), [(1, "early"), (3, "early"), (4, "middle"), (6, "middle"), (7, "upper"), (12, "upper")]
)
def test_band_for_grade(grade: int, band: str) -> None:
    assert band_for_grade(grade).name == band


def test_bands_cover_every_grade_once() -> None:
    assert sorted(g for band in GRADE_BANDS for g in band.grades) == list(range(1, 13))


@pytest.mark.parametrize("skill", SKILLS)
@pytest.mark.parametrize("skill_value", [0.0, 1.0])
@pytest.mark.parametrize("grade", [1, 12])
def test_output_is_clean_text_at_the_edges(skill: str, skill_value: float, grade: int) -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        response = compose_response(skill, skill_value, grade, rng, Style(disfluency=1.0))
        text = response.text
        assert text and "{" not in text and "}" not in text
        assert "  " not in text and text == text.strip()
        assert text.endswith(".")
        assert re.fullmatch(rf"{SKILL_PREFIXES[skill]}-[a-z_]+", response.template_id)
        for sentence in sentences_of(text):
            assert sentence[0].isupper(), text


@pytest.mark.parametrize("skill", SKILLS)
def test_response_tells_its_scenario_and_is_grouped_by_it(skill: str) -> None:
    rng = np.random.default_rng(3)
    for _ in range(100):
        skeleton = draw_skeleton(skill, float(rng.random()), rng)
        text = render_skeleton(skeleton, int(rng.integers(1, 13)), rng, Style(disfluency=0.0))
        event = re.escape(skeleton.scenario.event.lower())
        for slot in ("\\{friend\\}", "\\{their\\}"):
            event = event.replace(slot, r"[a-z ]+")
        assert re.search(event, " ".join(text.split(". ")[:2]).lower()), text
        assert skeleton.template_id == group_id(skill, skeleton.scenario.id)


def test_same_seed_gives_the_same_response() -> None:
    first = [compose_response("resilience", 0.4, 5, np.random.default_rng(seed)) for seed in range(50)]
    second = [compose_response("resilience", 0.4, 5, np.random.default_rng(seed)) for seed in range(50)]
    assert first == second
    assert len({response.text for response in first}) > 40


def test_thousands_of_distinct_texts_in_one_group_per_scenario() -> None:
    rng = np.random.default_rng(2024)
    texts, ids = set(), set()
    for i in range(2000):
        response = compose_response(SKILLS[i % 4], float(rng.random()), int(rng.integers(1, 13)), rng)
        texts.add(response.text)
        ids.add(response.template_id)
    assert len(texts) == 2000
    assert ids == {group_id(skill, scenario.id) for skill in SKILLS for scenario in SCENARIOS[skill]}


@pytest.mark.parametrize("skill", SKILLS)
def test_target_keywords_rise_with_skill_value(skill: str) -> None:
    low = batch(skill, (0.10, 0.20), (2, 8), 300, seed=1)
    high = batch(skill, (0.80, 0.90), (2, 8), 300, seed=2)
    low_mean = np.mean([keyword_count(skill, t) for t in low])
    high_mean = np.mean([keyword_count(skill, t) for t in high])
    assert high_mean > 2 * low_mean + 1.0


def test_sentences_grow_longer_with_grade() -> None:
    young = [t for s in SKILLS for t in batch(s, (0.0, 1.0), (2, 2), 300, seed=5)]
    older = [t for s in SKILLS for t in batch(s, (0.0, 1.0), (8, 8), 300, seed=5)]
    older_mean = np.mean([words_per_sentence(t) for t in older])
    assert older_mean > np.mean([words_per_sentence(t) for t in young]) + 1.0


def test_length_follows_grade_and_child_not_skill() -> None:
    rng = np.random.default_rng(4)
    rows = []
    for i in range(2400):
        skill_value, grade = float(rng.random()), 2 + i % 7
        rows.append((grade, skill_value, len(compose_response(SKILLS[i % 4], skill_value, grade, rng).text.split())))
    grades, values, words = (np.array(column) for column in zip(*rows, strict=True))
    within = [spearmanr(words[grades == g], values[grades == g])[0] for g in range(2, 9)]
    assert max(abs(rho) for rho in within) < 0.2, within
    assert spearmanr(words, grades)[0] > 0.3
    medians = [np.median(words[grades == g]) for g in range(2, 9)]
    assert medians[-1] > 1.3 * medians[0]


@pytest.mark.parametrize("grade", [2, 8])
def test_voice_lengths_follow_the_configured_model(grade: int) -> None:
    style = Style(words_at_grade_1=40.0, growth_per_grade=0.1, verbosity_sd=0.5, min_words=10, max_words=90)
    rng = np.random.default_rng(grade)
    targets = np.array([draw_voice(grade, style, rng).target_words for _ in range(4000)])
    assert np.median(targets) == pytest.approx(style.median_words(grade), rel=0.05)
    assert targets.min() >= 10 and targets.max() <= 90
    assert np.log(targets[(targets > 10) & (targets < 90)]).std() > 0.3


def test_children_differ_in_habits_and_younger_ones_repeat_themselves_more() -> None:
    rng = np.random.default_rng(5)
    young = [draw_voice(2, Style(), rng) for _ in range(2000)]
    older = [draw_voice(8, Style(), rng) for _ in range(2000)]
    assert np.mean([v.echo for v in young]) > 1.5 * np.mean([v.echo for v in older]) > 0
    mixes = np.array([v.talk_mix for v in young])
    assert np.allclose(mixes.sum(axis=1), 1.0) and mixes.std(axis=0).min() > 0.02
    assert np.ptp([v.name_repeat for v in young]) > 0.5 and np.ptp([v.run_on for v in young]) > 0.3


def test_younger_children_talk_plainer_and_chain_with_and_then() -> None:
    rng = np.random.default_rng(6)
    young = [draw_voice(2, Style(), rng) for _ in range(2000)]
    older = [draw_voice(8, Style(), rng) for _ in range(2000)]
    assert np.mean([v.plain for v in young]) > 2 * np.mean([v.plain for v in older]) > 0  # older ones some of it
    assert np.mean([v.chain for v in young]) > 2 * np.mean([v.chain for v in older]) > 0
    assert all(0.0 <= v.plain <= 1.0 and 0.0 <= v.chain <= 1.0 for v in young + older)


def moving_ttr(text: str, window: int = 25) -> float:
    words = re.findall(r"[a-z']+", text.lower())
    spans = [words[i : i + window] for i in range(max(1, len(words) - window + 1))]
    return float(np.mean([len(set(span)) / len(span) for span in spans]))


def test_younger_children_reuse_their_words_more() -> None:
    """Young talkers say fewer different words in a stretch of talk: lexical diversity rises with grade."""
    young = [moving_ttr(text) for skill in SKILLS for text in batch(skill, (0.0, 1.0), (2, 3), 60, 3)]
    older = [moving_ttr(text) for skill in SKILLS for text in batch(skill, (0.0, 1.0), (7, 8), 60, 3)]
    assert np.mean(older) > np.mean(young) + 0.01


def test_some_sentences_nest_deeply_and_older_children_nest_more(nlp) -> None:
    """Children's answers have a tail of deeply nested sentences (a relative clause inside a verb chain
    inside what someone said): a share of sentences reach parse depth 7, older children's more often."""
    parser = SentenceParser(nlp, 64)
    depth = SYNTAX_FIELDS.index("max_tree_depth")

    def deep_share(grades: tuple[int, int]) -> float:
        texts = [text for skill in SKILLS for text in batch(skill, (0.0, 1.0), grades, 100, 12)]
        sentences = [sentence for text in texts for sentence in sentences_of(text)]
        return float(np.mean([row[depth] >= 7 for row in parser.parse(sentences)]))

    young, older = deep_share((2, 3)), deep_share((7, 8))
    assert older >= 0.1 and young >= 0.03 and older > young, (young, older)


def test_a_sentence_opened_by_a_connective_is_never_turned_around() -> None:
    """A sentence that opens with "and", "so" or "but" is never the reason half of a reordered join:
    "I gave up because and it broke" is not speech."""
    garbled = re.compile(r"\b(because|since|although|though) (and|so|but|then|after that|however|instead)\b", re.I)
    texts = [text for skill in SKILLS for text in batch(skill, (0.0, 1.0), (1, 8), 400, 21)]
    assert not [text for text in texts if garbled.search(text)]


OTHER_PEOPLE = re.compile(r"\b(guard|guy|cousin|teacher|brother|sister|dad|mom|coach|counselor|grandma)\b", re.I)


def test_the_classmate_is_named_before_being_called_she_or_he() -> None:
    """A pronoun for the classmate never comes before the child has said who they are."""
    rng = np.random.default_rng(8)
    checked = 0
    for i in range(1000):
        text = compose_response(SKILLS[i % 4], float(rng.random()), 2 + i % 7, rng, Style(disfluency=0.0)).text
        names = [name for name, _ in speech.NAMES if re.search(rf"\b{name}\b", text)]
        if len(names) != 1:
            continue
        pronouns = dict(speech.NAMES)[names[0]]
        first_name = re.search(rf"\b{names[0]}\b", text).start()
        if pronouns is speech.THEY:
            continue  # "they" also means the other kids
        own = re.search(rf"\b({pronouns.they}|{pronouns.them})\b", text, re.IGNORECASE)
        if own and not OTHER_PEOPLE.search(text[: own.start()]):
            assert own.start() > first_name, text
            checked += 1
    assert checked > 100


def test_a_brief_child_and_a_talkative_child_say_the_same_moves() -> None:
    skeleton = draw_skeleton("empathy", 0.8, np.random.default_rng(1))
    brief = render_skeleton(skeleton, 5, np.random.default_rng(2), Style(words_at_grade_1=20.0, verbosity_sd=0.0))
    talkative = render_skeleton(skeleton, 5, np.random.default_rng(2), Style(words_at_grade_1=150.0, verbosity_sd=0.0))
    assert len(talkative.split()) > 2 * len(brief.split())


def test_upper_connectives_only_in_upper_grades() -> None:
    upper_only = re.compile(r"\b(however|although|which meant)\b")  # joins; "even though" is in some moves
    young = [t for s in SKILLS for t in batch(s, (0.0, 1.0), (1, 3), 200, seed=8)]
    older = [t for s in SKILLS for t in batch(s, (0.0, 1.0), (9, 12), 200, seed=8)]
    assert not any(upper_only.search(t.lower()) for t in young)
    assert sum(bool(upper_only.search(t.lower())) for t in older) > 60


def test_fillers_follow_disfluency_and_fade_with_grade() -> None:
    filler = re.compile(r"\b(um|uh),|, (i mean|wait|no|like), |, (you know|i guess|or something|and stuff|kind of)\.")

    def filler_count(grade: int, disfluency: float) -> int:
        rng = np.random.default_rng(9)
        texts = [
            compose_response(SKILLS[i % 4], 0.5, grade, rng, Style(disfluency=disfluency)).text for i in range(400)
        ]
        return sum(len(filler.findall(t.lower())) for t in texts)

    assert filler_count(1, 0.0) == 0
    assert filler_count(1, 1.0) > 1.2 * filler_count(5, 1.0) > 50


@pytest.mark.parametrize("skill", SKILLS)
def test_same_skeleton_at_any_grade(skill: str) -> None:
    differing_texts = 0
    for seed in range(40):
        young = compose_response(skill, 0.6, 2, np.random.default_rng(seed))
        older = compose_response(skill, 0.6, 10, np.random.default_rng(seed))
        assert young.template_id == older.template_id
        differing_texts += young.text != older.text
    assert differing_texts > 30


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"skill": "kindness"}, "unknown skill 'kindness'"),
        ({"grade": 13}, "grade 13"),
        ({"skill_value": 1.5}, "skill_value 1.5"),
        ({"style": Style(disfluency=-0.1)}, "disfluency -0.1"),
        ({"style": Style(max_moves=0)}, "max_moves 0"),
    ],
)
def test_bad_arguments_raise_one_line_value_errors(kwargs: dict, message: str) -> None:
    arguments = {"skill": "empathy", "skill_value": 0.5, "grade": 4, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        compose_response(**arguments)
    assert "\n" not in str(error.value)
