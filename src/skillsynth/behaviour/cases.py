"""The behaviour gate's cases, built from the generator's own phrase banks and deterministic under a seed.

- **Invariance** edits keep what a child said about the skill and change something else: another
  classmate's name or word for a friend, another game or scenario object, other pronouns, fillers
  added or taken out, an off-topic sentence, a sentence said twice.
- **Directional** edits add a strong move of a skill, an unhelpful move, or an unhelpful move and
  its negation ("I gave up" / "I didn't give up").
- **Minimum functionality** pairs are two answers of one child that differ only in skill content.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from skillsynth.generate import speech
from skillsynth.generate.grammar import GRADE_BANDS, LOW_SKILL_MOVES, NEGATIONS, SCENARIOS, SKILL_MOVES, band_for_grade

STRONG = 2  # the strongest tier of a skill move
# Slot values for a move said on its own: words any grade uses, and the pronouns of "my friend" (she).
FILL = {
    "friend": "my friend",
    "they": "she",
    "them": "her",
    "their": "her",
    "were": "was",
    "themself": "herself",
    "feeling": "sad",
    "good_feeling": "better",
    "helper": "my teacher",
    "intensifier": "really",
    "thing": "the game",
    "game": "the game",
}
Edit = Callable[[str, int, str, np.random.Generator], "str | None"]  # (text, grade, skill, rng) -> edited or None


def sentences(text: str) -> list[str]:
    """``text`` cut after end punctuation."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def as_sentence(clause: str) -> str:
    """A bank clause (lower-case start, no end punctuation, slots) said as a sentence of its own."""
    filled = clause.format_map(FILL)
    return f"{filled[0].upper()}{filled[1:]}."


def _pick(options: Sequence[str], rng: np.random.Generator) -> str:
    return options[int(rng.integers(len(options)))]


def _same_case(word: str, match: re.Match[str]) -> str:
    """``word`` capitalised as the text ``match`` found."""
    return word[0].upper() + word[1:] if match.group(0)[0].isupper() else word


def _swap(text: str, choices: Sequence[str], rng: np.random.Generator) -> str | None:
    """Every whole-word mention of the longest of ``choices`` that ``text`` holds, replaced by another choice."""
    for word in sorted(choices, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w']){re.escape(word)}(?![\w'])", re.IGNORECASE)
        if pattern.search(text):
            other = _pick([choice for choice in choices if choice.lower() != word.lower()], rng)
            return pattern.sub(partial(_same_case, other), text)
    return None


RELATIONS: tuple[str, ...] = tuple(sorted({friend for band in GRADE_BANDS for friend in band.friends}))
_HE_TO_SHE = {"he": "she", "him": "her", "his": "her", "himself": "herself"}


def swap_name(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """Another classmate's name with the same pronouns, so the rest of the answer still agrees."""
    for name, pronouns in speech.NAMES:
        if re.search(rf"\b{name}\b", text):
            return re.sub(rf"\b{name}\b", _pick([n for n, p in speech.NAMES if p == pronouns and n != name], rng), text)
    return None


def swap_friend_word(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """Another word for the friend ("my buddy" for "my teammate")."""
    return _swap(text, RELATIONS, rng)


def swap_game(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """Another game of the bank."""
    return _swap(text, speech.GAMES, rng)


def swap_scenario_object(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """Another scenario's object of the same skill ("the bridge" for "the maze")."""
    return _swap(text, tuple(sorted({s.thing for s in SCENARIOS[skill] if "{" not in s.thing})), rng)


def change_pronouns(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """He to she for the classmate; only where no "she" forms occur, so "her" is never ambiguous."""
    if not re.search(r"\b(he|him|his|himself)\b", text, re.IGNORECASE) or re.search(
        r"\b(she|her|herself)\b", text, re.IGNORECASE
    ):
        return None

    def swapped(match: re.Match) -> str:
        word = _HE_TO_SHE[match.group(0).lower()]
        return word.capitalize() if match.group(0)[0].isupper() else word

    return re.sub(r"\b(he|him|his|himself)\b", swapped, text, flags=re.IGNORECASE)


def add_fillers(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """A filler of the child's grade band ("um, ", "like, ") before about one sentence in two."""
    fillers = [f for f in band_for_grade(grade).fillers if f.endswith("{s}") and not f.startswith("I ")]
    said = []
    for sentence in sentences(text):
        if rng.random() < 0.5:
            sentence = _pick(fillers, rng).replace("{s}", sentence[0].lower() + sentence[1:])
            sentence = sentence[0].upper() + sentence[1:]
        said.append(sentence)
    return " ".join(said)


_INTERJECTION = re.compile(r"\b(?:um|uh|like|honestly), (?=\w)", re.IGNORECASE)


def remove_fillers(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """The answer without its interjections ("um, ", "like, "), where it has any."""
    if not _INTERJECTION.search(text):
        return None
    cleaned = _INTERJECTION.sub("", text)
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), cleaned)


def add_off_topic_sentence(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """An off-topic sentence from the side-talk bank of the child's grade band, at the end."""
    return f"{text} {as_sentence(_pick(speech.talk_for(band_for_grade(grade).name, 'off_topic'), rng))}"


def repeat_a_sentence(text: str, grade: int, skill: str, rng: np.random.Generator) -> str | None:
    """One of the answer's sentences said twice."""
    parts = sentences(text)
    at = int(rng.integers(len(parts)))
    return " ".join([*parts[: at + 1], parts[at], *parts[at + 1 :]])


INVARIANCE: dict[str, Edit] = {
    edit.__name__: edit
    for edit in (
        swap_name,
        swap_friend_word,
        swap_game,
        swap_scenario_object,
        change_pronouns,
        add_fillers,
        remove_fillers,
        add_off_topic_sentence,
        repeat_a_sentence,
    )
}


def add_strong_move(text: str, skill: str, rng: np.random.Generator) -> str:
    """A strong move of ``skill`` (e.g. "I asked my friend if she was okay") as a last sentence."""
    move = SKILL_MOVES[skill][int(rng.integers(len(SKILL_MOVES[skill])))]
    return f"{text} {as_sentence(_pick(move.variants(STRONG), rng))}"


def add_unhelpful_move(text: str, skill: str, rng: np.random.Generator) -> str:
    """An unhelpful move of ``skill`` ("I gave up", "I pushed the tablet away") as a last sentence."""
    acts = [move for move in LOW_SKILL_MOVES[skill] if move.act]  # "I don't know" lowers nothing a rater hears
    move = acts[int(rng.integers(len(acts)))]
    return f"{text} {as_sentence(_pick(move.variants, rng))}"


def add_negation_pair(text: str, skill: str, rng: np.random.Generator) -> tuple[str, str]:
    """The answer with an unhelpful move of ``skill`` added, and with the same move negated."""
    said, negated = NEGATIONS[skill][int(rng.integers(len(NEGATIONS[skill])))]
    return f"{text} {as_sentence(said)}", f"{text} {as_sentence(negated)}"
