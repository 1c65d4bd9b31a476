"""Compose one student's spoken response by expanding the skill-move grammar, with its skeleton id."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np

from skillsynth.generate.grammar import (
    GRADE_BANDS,
    LOW_SKILL_MOVES,
    SCENARIOS,
    SKILL_MOVES,
    STRENGTHS,
    GradeBand,
    Move,
    Scenario,
    band_for_grade,
)

SKILL_PREFIXES: dict[str, str] = {
    "empathy": "emp", "problem_solving": "prb", "self_regulation": "reg", "resilience": "res",
}
LOW_SKILL = "low"  # the strength recorded for an unhelpful move

STRENGTH_NOISE = 0.4  # half-width of the triangular noise added to skill_value before tiering
STRENGTH_CUTS = (0.38, 0.68)  # noisy value below the first is weak, at or above the second strong
LOW_SKILL_CHANCE_AT_ZERO = 0.85  # chance of an unhelpful move at skill_value 0; falls to 0 at 1
SECOND_LOW_SKILL_SHARE = 0.4  # chance of a second unhelpful move, relative to the first
LOW_SKILL_FIRST_CHANCE = 0.55  # an unhelpful move is more often the first reaction than the last
REASON_JOIN_CHANCE = 0.75  # a reason-giving move joined to the next one usually says "because"
CONTRAST_STARTER_CHANCE = 0.6  # a new sentence that turns around often opens with "but"
SEQUENCE_STARTER_CHANCE = 0.3
OPENER_SENTENCE_CHANCE = 0.25  # "This one time ..." as its own sentence instead of "When ..., "
MERGE_CHANCE_AT_GRADE_1 = 0.12  # older students join more clauses into one sentence
MERGE_CHANCE_PER_GRADE = 0.07
FILLER_DECAY_PER_GRADE = 0.82  # fillers per sentence shrink by this factor each grade
SKELETON_DRAWS = 48  # uniforms taken per batch; a response that needs more takes another batch
RENDER_DRAWS = 48


@dataclass(frozen=True)
class Step:
    """One clause of a skeleton: which move, tier and variant it came from, and its slotted text."""

    move_id: str
    strength: str  # a name in STRENGTHS, or LOW_SKILL for an unhelpful move
    variant: int
    text: str
    gives_reason: bool = False

    @property
    def helpful(self) -> bool:
        """Whether the clause is skill evidence rather than an unhelpful move."""
        return self.strength != LOW_SKILL


@dataclass(frozen=True)
class Skeleton:
    """What a response says, before grade-specific words, joins, fillers and slot fills."""

    skill: str
    scenario: Scenario
    steps: tuple[Step, ...]

    @property
    def template_id(self) -> str:
        """The stable id of this skeleton (see ``template_id``)."""
        return template_id(self.skill, self.scenario.id, ((step.move_id, step.strength) for step in self.steps))


def template_id(skill: str, scenario_id: str, moves: Iterable[tuple[str, str]]) -> str:
    """Skill prefix + 10 hex of sha1 over the skill, scenario and ordered (move, strength) pairs.

    The wording variant is left out on purpose: texts that say the same moves in other words are
    near-duplicates, and must land on the same side of a train/test split.
    """
    parts = (f"{move}:{strength}" for move, strength in moves)
    key = "|".join([skill, scenario_id, *parts])
    return f"{SKILL_PREFIXES[skill]}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def _batches(rng: np.random.Generator, batch: int) -> Iterator[float]:
    while True:
        yield from rng.random(batch).tolist()


class _Uniforms:
    """Uniform draws taken from the generator in batches, because one call per decision is slow."""

    __slots__ = ("draw",)

    def __init__(self, rng: np.random.Generator, batch: int) -> None:
        self.draw: Callable[[], float] = _batches(rng, batch).__next__

    def index(self, size: int) -> int:
        return int(self.draw() * size)

    def pick(self, options: tuple[str, ...]) -> str:
        return options[self.index(len(options))]


def _skill_step(move: Move, skill_value: float, uniforms: _Uniforms) -> Step:
    noisy_value = skill_value + (uniforms.draw() + uniforms.draw() - 1.0) * STRENGTH_NOISE
    tier = (noisy_value >= STRENGTH_CUTS[0]) + (noisy_value >= STRENGTH_CUTS[1])
    variants = move.variants(tier)
    variant = uniforms.index(len(variants))
    return Step(move.id, STRENGTHS[tier], variant, variants[variant], move.gives_reason)


def draw_skeleton(skill: str, skill_value: float, rng: np.random.Generator,
                  max_moves: int = 5) -> Skeleton:
    """Draw the scenario and moves of one response: more and stronger moves as ``skill_value`` rises."""
    if skill not in SKILL_MOVES:
        raise ValueError(f"unknown skill {skill!r}; expected one of {', '.join(SKILL_MOVES)}")
    if not 0.0 <= skill_value <= 1.0:
        raise ValueError(f"skill_value {skill_value!r} for {skill} is outside [0, 1]")
    if max_moves < 1:
        raise ValueError(f"max_moves {max_moves!r} must be at least 1")
    uniforms = _Uniforms(rng, SKELETON_DRAWS)
    scenarios, moves, low_moves = SCENARIOS[skill], SKILL_MOVES[skill], LOW_SKILL_MOVES[skill]
    scenario = scenarios[uniforms.index(len(scenarios))]

    # 1 + Binomial(max_moves - 1, skill_value) moves, told in the grammar's narrative order.
    move_count = min(1 + sum(uniforms.draw() < skill_value for _ in range(max_moves - 1)), len(moves))
    order_keys = [uniforms.draw() for _ in moves]
    chosen = sorted(sorted(range(len(moves)), key=order_keys.__getitem__)[:move_count])
    steps = [_skill_step(moves[i], skill_value, uniforms) for i in chosen]

    low_chance = LOW_SKILL_CHANCE_AT_ZERO * (1.0 - skill_value) ** 1.5
    has_first = uniforms.draw() < low_chance
    has_second = uniforms.draw() < low_chance * SECOND_LOW_SKILL_SHARE
    low_count = has_first + (has_first and has_second)
    low_index = uniforms.index(len(low_moves))
    for _ in range(low_count):
        low_move = low_moves[low_index]
        variant = uniforms.index(len(low_move.variants))
        step = Step(low_move.id, LOW_SKILL, variant, low_move.variants[variant])
        steps.insert(0 if uniforms.draw() < LOW_SKILL_FIRST_CHANCE else len(steps), step)
        low_index = (low_index + 1 + uniforms.index(len(low_moves) - 1)) % len(low_moves)
    return Skeleton(skill, scenario, tuple(steps))


@cache
def _join_patterns(band: str, kind: str, clause_only: bool, after_opener: bool) -> tuple[str, ...]:
    """The band's joins of ``kind`` that read well where they go.

    A pattern that reorders ("{b} because {a}") needs ``{a}`` to be one clause; one that fronts a
    subordinate clause ("although {a}, {b}") also must not follow the "When ..., " opener.
    """
    patterns = getattr(next(b for b in GRADE_BANDS if b.name == band), f"{kind}_joins")
    if not clause_only:
        return tuple(p for p in patterns if p.startswith("{a}"))
    if after_opener:
        return tuple(p for p in patterns if p.startswith("{"))
    return patterns


def _join(sentence: str, single_clause: bool, after_opener: bool, previous: Step, step: Step,
          band: GradeBand, uniforms: _Uniforms) -> str:
    if previous.helpful != step.helpful:
        kind = "contrast"
    elif previous.gives_reason and single_clause and uniforms.draw() < REASON_JOIN_CHANCE:
        kind = "reason"
    else:
        kind = "sequence"
    pattern = uniforms.pick(_join_patterns(band.name, kind, single_clause, after_opener))
    return pattern.replace("{a}", sentence).replace("{b}", step.text)


@cache
def _interjections(band: str) -> tuple[str, ...]:
    """The band's fillers that are not a hedge like "I think"."""
    fillers = next(b for b in GRADE_BANDS if b.name == band).fillers
    return tuple(f for f in fillers if not f.startswith("I "))


def _sentence_start(previous: Step, step: Step, band: GradeBand, uniforms: _Uniforms) -> str:
    if previous.helpful != step.helpful and uniforms.draw() < CONTRAST_STARTER_CHANCE:
        return uniforms.pick(band.contrast_starters)
    if uniforms.draw() < SEQUENCE_STARTER_CHANCE:
        return uniforms.pick(band.sequence_starters)
    return ""


def render_skeleton(skeleton: Skeleton, grade: int, rng: np.random.Generator,
                    disfluency: float = 0.3) -> str:
    """Say ``skeleton`` as a student in ``grade`` would: band words, joined clauses, spoken fillers."""
    band = band_for_grade(grade)
    if not 0.0 <= disfluency <= 1.0:
        raise ValueError(f"disfluency {disfluency!r} is outside [0, 1]")
    uniforms = _Uniforms(rng, RENDER_DRAWS)
    fills = {
        "friend": uniforms.pick(band.friends),
        "feeling": uniforms.pick(band.feelings),
        "good_feeling": uniforms.pick(band.good_feelings),
        "helper": uniforms.pick(band.helpers),
        "intensifier": uniforms.pick(band.intensifiers),
    }
    fills["thing"] = skeleton.scenario.thing.format_map(fills)

    opener_is_sentence = uniforms.draw() < OPENER_SENTENCE_CHANCE
    opener = uniforms.pick(band.opener_sentences if opener_is_sentence else band.openers)
    opener = opener.replace("{event}", skeleton.scenario.event)

    merge_chance = min(MERGE_CHANCE_AT_GRADE_1 + MERGE_CHANCE_PER_GRADE * (grade - 1), 0.95)
    previous = skeleton.steps[0]
    sentence, clauses = previous.text, 1
    sentences: list[str] = []
    for step in skeleton.steps[1:]:
        if clauses < band.max_clauses_per_sentence and uniforms.draw() < merge_chance:
            after_opener = not sentences and not opener_is_sentence
            sentence = _join(sentence, clauses == 1, after_opener, previous, step, band, uniforms)
            clauses += 1
        else:
            sentences.append(sentence)
            sentence, clauses = _sentence_start(previous, step, band, uniforms) + step.text, 1
        previous = step
    sentences.append(sentence)
    if opener_is_sentence:
        sentences.insert(0, opener)
    else:
        sentences[0] = opener + sentences[0]

    filler_chance = disfluency * FILLER_DECAY_PER_GRADE ** (grade - 1)
    spoken = []
    for position, raw in enumerate(sentences):
        if uniforms.draw() < filler_chance:
            # "I think" cannot introduce the scenario: the opener only takes interjections.
            fillers = band.fillers if position else _interjections(band.name)
            raw = uniforms.pick(fillers).replace("{s}", raw)
        text = raw.format_map(fills)
        spoken.append(f"{text[0].upper()}{text[1:]}.")
    return " ".join(spoken)


def compose_response(skill: str, skill_value: float, grade: int, rng: np.random.Generator,
                     max_moves: int = 5, disfluency: float = 0.3) -> tuple[str, str]:
    """Return (text, template_id) for one student.

    The skeleton is drawn before anything grade-dependent, so one rng state gives the same
    template_id at every grade.
    """
    skeleton = draw_skeleton(skill, skill_value, rng, max_moves)
    return render_skeleton(skeleton, grade, rng, disfluency), skeleton.template_id
