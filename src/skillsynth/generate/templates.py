"""Compose one student's spoken response: skill moves said in the child's own voice, as long as the child talks.

What a response *says* comes from the student's skill: how many skill moves, how strong, and
whether they avoid, blame or give up instead (``draw_skeleton``). How *long* it is comes only from
the grade and the child's own talkativeness (``draw_voice``): the rest of the answer is set-up,
retelling, other people and side talk from ``speech``, so a developing child may talk a lot and say
little and a high-skill child may be brief. The grade also sets the words, the joins and how often
the child restarts or fills a pause. Each child also has habits of their own (``Voice``): how much
they run on, their own mix of side talk, how often they name the classmate again instead of saying
"she", and how often they say something twice (young children most). Young children tell much of it
(older ones some of it) in short, verb-heavy plain clauses that reuse the same few words ("I was trying
to finish the tower", "I wanted to win"), so their words repeat as real young talkers' do, and open
more sentences with "and then". A child who runs on may go a long way before a full stop.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np

from skillsynth.contract import group_id
from skillsynth.generate import speech
from skillsynth.generate.grammar import (
    GRADE_BANDS,
    LOW_SKILL_MOVES,
    SCENARIOS,
    SKILL_MOVES,
    STRENGTHS,
    GradeBand,
    Scenario,
    band_for_grade,
)
from skillsynth.generate.wording import SEEN, UNSEEN, usable_variants

LOW_SKILL = "low"  # the strength recorded for an unhelpful move

STRENGTH_NOISE = 0.4  # half-width of the triangular noise added to skill_value before tiering
STRENGTH_CUTS = (0.38, 0.68)  # noisy value below the first is weak, at or above the second strong
LOW_SKILL_CHANCE_AT_ZERO = 0.85  # chance of an unhelpful move at skill_value 0; falls to 0 at 1
SECOND_LOW_SKILL_SHARE = 0.4  # chance of a second unhelpful move, relative to the first
LOW_SKILL_FIRST_CHANCE = 0.55  # an unhelpful move is more often the first reaction than the last
REASON_JOIN_CHANCE = 0.75  # a reason-giving move joined to the next one usually says "because"
CONTRAST_STARTER_CHANCE = 0.6  # a new sentence that turns around often opens with "but"
SEQUENCE_STARTER_AT_GRADE_1 = 0.45  # a typical grade-1 child opens this share of sentences with "and then", "so" ...
SEQUENCE_STARTER_DECAY_PER_GRADE = 0.8  # ... a share that shrinks by this factor each grade (drawn per child)
OPENER_SENTENCE_CHANCE = 0.35  # "So this one time ..." as its own sentence instead of "When ..., "
RUN_ON_AT_GRADE_1 = 0.4  # chance that the next clause joins the sentence, for a typical child
RUN_ON_PER_GRADE = 0.02
SENTENCE_WORDS_BEFORE_FADE = 14  # past this many words a sentence takes another clause less often ...
RUN_ON_WORDS_BEFORE_FADE = 40  # ... or, for a child who runs on, this many: barely a full stop in a long stretch
RUN_ON_SPREAD = 0.5  # children differ: run_on is drawn uniformly this wide around the grade's typical value
FILLER_DECAY_PER_GRADE = 0.85  # disfluencies per sentence shrink by this factor each grade
ENDING_CHANCE = 0.3
SIDE_TALK_WEIGHTS = {
    "details": 0.25,
    "reactions": 0.32,
    "recalls": 0.16,
    "feelings": 0.13,
    "off_topic": 0.06,
    "context": 0.08,
}
MOST_RECALLS = 2  # the moment is told again at most this often in one answer
THEME_FOCUS = 0.6  # a detail is about the one part of the game this child tells about; else about {thing}
THING_FOCUS = 0.25  # ... with this chance; else anything from the band's details
TALK_MIX_SD = 0.8  # how far one child's mix of side talk strays from SIDE_TALK_WEIGHTS (log scale, per kind)
ECHO_AT_GRADE_1 = 0.6  # most often a grade-1 child says a piece of side talk again (drawn per child, up to this)
ECHO_DECAY_PER_GRADE = 0.92  # older children repeat themselves less: the most shrinks by this factor each grade
NAME_REPEAT_RANGE = (0.2, 0.9)  # a child names the classmate again instead of a pronoun this often (drawn per child)
LONG_RUN_ON = 0.6  # a child who runs on at least this much may chain this many more clauses: "and then ... and then"
EXTRA_CLAUSES_FOR_RUN_ON = 6
PLAIN_AT_GRADE_1 = 0.9  # a typical grade-1 child says this share of side talk as plain clauses (drawn per child) ...
PLAIN_DECAY_PER_GRADE = 0.85  # ... a share that shrinks by this factor each grade
UNIFORM_BATCH = 64  # uniforms taken from the generator at a time: one call per decision is slow


@dataclass(frozen=True)
class Style:
    """The generator's settings (``generator.*`` of the template generator), as plain values."""

    max_moves: int = 5
    disfluency: float = 0.3
    words_at_grade_1: float = 50.0
    growth_per_grade: float = 0.1
    verbosity_sd: float = 0.4
    min_words: int = 12
    max_words: int = 250
    evidence_share: float = 0.7

    def median_words(self, grade: int) -> float:
        """The median target length of a response at ``grade``."""
        return self.words_at_grade_1 * (1.0 + self.growth_per_grade) ** (grade - 1)

    def target_words(self, grade: int, verbosity_z: float) -> int:
        """How many words a child of ``grade`` says whose talkativeness is ``verbosity_z`` (standard normal)."""
        target = round(self.median_words(grade) * math.exp(self.verbosity_sd * verbosity_z))
        return min(max(target, self.min_words), self.max_words)


@dataclass(frozen=True)
class Step:
    """One clause of a skeleton: which move, tier and variant it came from, and its unfilled text."""

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
    """What a response says about the skill, before the child's voice, words and side talk."""

    skill: str
    scenario: Scenario
    steps: tuple[Step, ...]
    wording: str = SEEN  # UNSEEN: every move is said in its held-out phrasing (generate/wording.py)

    @property
    def template_id(self) -> str:
        """The group of this response: its skill and game scenario (see ``contract.group_id``)."""
        return group_id(self.skill, self.scenario.id)


@dataclass(frozen=True)
class Voice:
    """How one child talks: how many words they say, how they join clauses, how often they restart."""

    target_words: int
    run_on: float  # chance that the next clause joins the current sentence
    disfluency: float  # chance of a filler, restart or tag in a sentence
    name_repeat: float = 0.0  # chance that a clause names the classmate again instead of saying "she"
    talk_mix: tuple[float, ...] = tuple(SIDE_TALK_WEIGHTS.values())  # this child's weights of the side-talk kinds
    echo: float = 0.0  # chance that a piece of side talk repeats one the child already said
    chain: float = 0.0  # chance that a new sentence opens with "and then", "so" ...
    plain: float = 0.0  # chance that a piece of side talk is a short plain clause (speech.PLAIN)


def _batches(rng: np.random.Generator, batch: int) -> Iterator[float]:
    while True:
        yield from rng.random(batch).tolist()


class _Uniforms:
    """Uniform draws taken from the generator in batches."""

    __slots__ = ("draw",)

    def __init__(self, rng: np.random.Generator) -> None:
        self.draw: Callable[[], float] = _batches(rng, UNIFORM_BATCH).__next__

    def index(self, size: int) -> int:
        return int(self.draw() * size)

    def pick(self, options: tuple[str, ...]) -> str:
        return options[self.index(len(options))]

    def normal(self) -> float:
        """A standard normal draw (Box-Muller over two uniforms)."""
        return math.sqrt(-2.0 * math.log(1.0 - self.draw())) * math.cos(2.0 * math.pi * self.draw())


def _variant(key: str, variants: tuple[str, ...], wording: str, uniforms: _Uniforms) -> int:
    usable = usable_variants(key, len(variants), wording)
    return usable[uniforms.index(len(usable))]


def _skill_step(move, skill_value: float, wording: str, uniforms: _Uniforms) -> Step:
    noisy_value = skill_value + (uniforms.draw() + uniforms.draw() - 1.0) * STRENGTH_NOISE
    tier = (noisy_value >= STRENGTH_CUTS[0]) + (noisy_value >= STRENGTH_CUTS[1])
    variants = move.variants(tier)
    variant = _variant(f"{move.id}:{STRENGTHS[tier]}", variants, wording, uniforms)
    return Step(move.id, STRENGTHS[tier], variant, variants[variant], move.gives_reason)


def draw_skeleton(
    skill: str,
    skill_value: float,
    rng: np.random.Generator,
    max_moves: int = 5,
    unseen_scenarios: frozenset[str] = frozenset(),
) -> Skeleton:
    """Draw the scenario and moves of one response: more and stronger moves as ``skill_value`` rises.

    A response about one of ``unseen_scenarios`` is said in held-out wording only.
    """
    return _draw_skeleton(skill, skill_value, _Uniforms(rng), max_moves, unseen_scenarios)


def _draw_skeleton(
    skill: str, skill_value: float, uniforms: _Uniforms, max_moves: int, unseen_scenarios: frozenset[str]
) -> Skeleton:
    if skill not in SKILL_MOVES:
        raise ValueError(f"unknown skill {skill!r}; expected one of {', '.join(SKILL_MOVES)}")
    if not 0.0 <= skill_value <= 1.0:
        raise ValueError(f"skill_value {skill_value!r} for {skill} is outside [0, 1]")
    if max_moves < 1:
        raise ValueError(f"max_moves {max_moves!r} must be at least 1")
    scenarios, moves, low_moves = SCENARIOS[skill], SKILL_MOVES[skill], LOW_SKILL_MOVES[skill]
    scenario = scenarios[uniforms.index(len(scenarios))]
    wording = UNSEEN if scenario.id in unseen_scenarios else SEEN

    # 1 + Binomial(max_moves - 1, skill_value) moves, told in the grammar's narrative order.
    move_count = min(1 + sum(uniforms.draw() < skill_value for _ in range(max_moves - 1)), len(moves))
    order_keys = [uniforms.draw() for _ in moves]
    chosen = sorted(sorted(range(len(moves)), key=order_keys.__getitem__)[:move_count])
    steps = [_skill_step(moves[i], skill_value, wording, uniforms) for i in chosen]

    low_chance = LOW_SKILL_CHANCE_AT_ZERO * (1.0 - skill_value) ** 1.5
    has_first = uniforms.draw() < low_chance
    has_second = uniforms.draw() < low_chance * SECOND_LOW_SKILL_SHARE
    low_count = has_first + (has_first and has_second)
    low_index = uniforms.index(len(low_moves))
    for _ in range(low_count):
        low_move = low_moves[low_index]
        variant = _variant(f"{low_move.id}:{LOW_SKILL}", low_move.variants, wording, uniforms)
        step = Step(low_move.id, LOW_SKILL, variant, low_move.variants[variant])
        steps.insert(0 if uniforms.draw() < LOW_SKILL_FIRST_CHANCE else len(steps), step)
        low_index = (low_index + 1 + uniforms.index(len(low_moves) - 1)) % len(low_moves)
    return Skeleton(skill, scenario, tuple(steps), wording)


def draw_voice(grade: int, style: Style, rng: np.random.Generator) -> Voice:
    """How a child of ``grade`` talks: a target length from the grade and their own verbosity."""
    return _draw_voice(grade, style, _Uniforms(rng))


def _draw_voice(grade: int, style: Style, uniforms: _Uniforms) -> Voice:
    target = style.target_words(grade, uniforms.normal())
    run_on = min(RUN_ON_AT_GRADE_1 + RUN_ON_PER_GRADE * (grade - 1) + RUN_ON_SPREAD * (uniforms.draw() - 0.5), 0.95)
    disfluency = style.disfluency * FILLER_DECAY_PER_GRADE ** (grade - 1) * (0.5 + uniforms.draw())
    name_repeat = NAME_REPEAT_RANGE[0] + (NAME_REPEAT_RANGE[1] - NAME_REPEAT_RANGE[0]) * uniforms.draw()
    mix = [weight * math.exp(TALK_MIX_SD * uniforms.normal()) for weight in SIDE_TALK_WEIGHTS.values()]
    echo = ECHO_AT_GRADE_1 * ECHO_DECAY_PER_GRADE ** (grade - 1) * uniforms.draw()
    chain = SEQUENCE_STARTER_AT_GRADE_1 * SEQUENCE_STARTER_DECAY_PER_GRADE ** (grade - 1) * (0.5 + uniforms.draw())
    plain = PLAIN_AT_GRADE_1 * PLAIN_DECAY_PER_GRADE ** (grade - 1) * (0.5 + uniforms.draw())
    talk_mix = tuple(w / sum(mix) for w in mix)
    shares = (min(chain, 1.0), min(plain, 1.0))
    return Voice(target, run_on, min(disfluency, 1.0), name_repeat, talk_mix, echo, *shares)


EVIDENCE, TALK, ENDING = "evidence", "talk", "ending"  # what a clause is, for how it joins the next


@dataclass
class _Clause:
    """A clause on its way into a sentence."""

    text: str  # filled, lower-case start, no end punctuation
    kind: str = TALK  # EVIDENCE (a skill or unhelpful move), TALK (anything else) or ENDING
    helpful: bool = True  # of evidence: a turn from helpful to unhelpful reads as a contrast
    gives_reason: bool = False


_RENAMED = {"{they} {were}": "{short} was", "{they}": "{short}", "{them}": "{short}", "{their}": "{short}'s"}


@dataclass
class _Fills:
    """The slot values of one response; ``{friend}`` is introduced once, then shortened. Once
    introduced, a clause's first pronoun for the classmate is their name again with ``name_repeat``
    chance, as children retell ("Maya lost, and Maya said that...")."""

    values: dict[str, str]
    friend_intro: str
    friend_short: str
    name_repeat: float = 0.0
    draw: Callable[[], float] | None = None
    introduced: bool = field(default=False)

    def fill(self, text: str) -> str:
        if not self.introduced and "{friend}" not in text:  # "she said" needs a "Maya" before it
            text = _rename_first_pronoun(text, "{friend}")
        elif (
            self.introduced
            and "{" in text
            and "{friend}" not in text
            and self.draw is not None
            and self.draw() < self.name_repeat
        ):
            text = _rename_first_pronoun(text, self.friend_short)
        while "{friend}" in text:
            text = text.replace("{friend}", self.friend_short if self.introduced else self.friend_intro, 1)
            self.introduced = True
        return text.format_map(self.values) if "{" in text else text


def _rename_first_pronoun(text: str, short: str) -> str:
    """``text`` with its first pronoun slot for the classmate said as ``short`` instead."""
    found = [(text.find(slot), slot) for slot in _RENAMED if slot in text]
    if not found:
        return text
    at, slot = min(found, key=lambda pair: (pair[0], -len(pair[1])))
    return text[:at] + _RENAMED[slot].replace("{short}", short) + text[at + len(slot) :]


def _draw_fills(band: GradeBand, scenario: Scenario, voice: Voice, uniforms: _Uniforms) -> _Fills:
    relation = uniforms.pick(band.friends)
    if uniforms.draw() < speech.NAME_CHANCE:
        name, pronouns = speech.NAMES[uniforms.index(len(speech.NAMES))]
        intro, short = (f"{relation} {name}" if uniforms.draw() < 0.5 else name), name
    else:
        pronouns = (speech.SHE, speech.HE, speech.THEY)[uniforms.index(3)]
        intro = short = relation
    values = {
        "they": pronouns.they,
        "them": pronouns.them,
        "their": pronouns.their,
        "were": pronouns.were,
        "themself": pronouns.themself,
        "feeling": uniforms.pick(band.feelings),
        "good_feeling": uniforms.pick(band.good_feelings),
        "helper": uniforms.pick(band.helpers),
        "intensifier": uniforms.pick(band.intensifiers),
        "game": uniforms.pick(speech.GAMES),
    }
    fills = _Fills(values, intro, short, voice.name_repeat, uniforms.draw)
    values["thing"] = scenario.thing.replace("{friend}", short).format_map(values)
    return fills


def _words(text: str) -> int:
    return text.count(" ") + 1


def _side_talk_kind(mix: tuple[float, ...], uniforms: _Uniforms) -> str:
    draw, total = uniforms.draw(), 0.0
    for kind, weight in zip(SIDE_TALK_WEIGHTS, mix, strict=True):
        total += weight
        if draw < total:
            return kind
    return list(SIDE_TALK_WEIGHTS)[-1]  # the draw fell past a total short of 1 by rounding: the last kind


def _plan(
    skeleton: Skeleton, voice: Voice, band: GradeBand, style: Style, fills: _Fills, uniforms: _Uniforms
) -> tuple[list[_Clause], bool]:
    """The clauses of the response in order, and whether the scenario opens it as "When ..., "."""
    clauses = [_Clause(uniforms.pick(speech.talk_for(band.name, "context")))] if uniforms.draw() < 0.5 else []
    opener_is_sentence = bool(clauses) or uniforms.draw() < OPENER_SENTENCE_CHANCE
    event = skeleton.scenario.event
    opener = uniforms.pick(band.opener_sentences if opener_is_sentence else band.openers)
    clauses.append(_Clause(opener.replace("{event}", event)))
    steps = list(skeleton.steps)
    budget = style.evidence_share * voice.target_words
    while sum(_words(s.text) for s in steps) > budget and sum(s.helpful for s in steps) > 1:
        helpful = [i for i, s in enumerate(steps) if s.helpful]
        del steps[helpful[uniforms.index(len(helpful))]]
    body = [_Clause(s.text, EVIDENCE, s.helpful, s.gives_reason) for s in steps]
    theme = speech.DETAIL_THEMES[uniforms.index(len(speech.DETAIL_THEMES) - 1)]  # the one part of the game told about
    words = sum(_words(c.text) for c in clauses) + sum(_words(c.text) for c in body)
    while words < voice.target_words:
        said = [c.text for c in body if c.kind == TALK]
        once = [text for text in said if said.count(text) == 1 and event not in text]  # twice, not four times
        kind = _side_talk_kind(voice.talk_mix, uniforms)
        if kind == "recalls" and sum(event in text for text in said) >= MOST_RECALLS:
            kind = "reactions"
        if once and uniforms.draw() < voice.echo:
            side = _Clause(once[uniforms.index(len(once))])
        elif kind != "off_topic" and uniforms.draw() < voice.plain:
            side = _Clause(uniforms.pick(speech.PLAIN))
        elif kind == "context" and opener_is_sentence and len(clauses) < 2:  # set-up: said before the moment
            side = _Clause(uniforms.pick(speech.talk_for(band.name, kind)))
            clauses.insert(len(clauses) - 1, side)
            words += _words(side.text)
            continue
        elif kind in ("details", "context"):
            draw = uniforms.draw()
            options = (
                theme
                if draw < THEME_FOCUS
                else speech.DETAIL_THEMES[-1]
                if draw < THEME_FOCUS + THING_FOCUS
                else speech.talk_for(band.name, "details")
            )
            detail = uniforms.pick(options)
            side = _Clause(detail if detail not in said else uniforms.pick(speech.talk_for(band.name, "details")))
        else:
            side = _Clause(uniforms.pick(speech.talk_for(band.name, kind)).replace("{event}", event))
        first = 1 if kind == "recalls" and body else 0  # the moment told again, not straight after it is told
        body.insert(first + uniforms.index(len(body) + 1 - first), side)
        words += _words(side.text)
    if uniforms.draw() < ENDING_CHANCE:
        body.append(_Clause(uniforms.pick(speech.talk_for(band.name, "endings")), ENDING))
    if not opener_is_sentence:  # "When ..., " needs a clause of the child's own to lead into
        first = next(i for i, c in enumerate(body) if c.kind == EVIDENCE)
        body.insert(0, body.pop(first))
    for clause in (*clauses, *body):
        clause.text = fills.fill(clause.text)
    return clauses + body, opener_is_sentence


@cache
def _join_patterns(band: str, kind: str, clause_only: bool) -> tuple[str, ...]:
    """The band's joins of ``kind`` that read well where they go: one that reorders or subordinates
    ("{b} because {a}", "although {a}, {b}") needs ``{a}`` to be a single clause."""
    patterns = getattr(next(b for b in GRADE_BANDS if b.name == band), f"{kind}_joins")
    return patterns if clause_only else tuple(p for p in patterns if p.startswith("{a}"))


def _join(
    sentence: str, single_clause: bool, previous: _Clause, clause: _Clause, band: GradeBand, uniforms: _Uniforms
) -> str:
    if previous.kind != EVIDENCE or clause.kind != EVIDENCE:
        pattern = uniforms.pick(speech.TALK_JOINS)  # retelling runs on with "and"
    else:
        if previous.helpful != clause.helpful:
            kind = "contrast"
        elif previous.gives_reason and single_clause and uniforms.draw() < REASON_JOIN_CHANCE:
            kind = "reason"
        else:
            kind = "sequence"
        pattern = uniforms.pick(_join_patterns(band.name, kind, single_clause))
    return pattern.replace("{a}", sentence).replace("{b}", clause.text)


def _sentence_start(previous: _Clause, clause: _Clause, chain: float, band: GradeBand, uniforms: _Uniforms) -> str:
    if clause.kind == ENDING:
        return ""
    if clause.kind == EVIDENCE == previous.kind and previous.helpful != clause.helpful:
        if uniforms.draw() < CONTRAST_STARTER_CHANCE:
            return uniforms.pick(band.contrast_starters)
    if uniforms.draw() < chain:
        return uniforms.pick(band.sequence_starters if clause.kind == EVIDENCE else speech.TALK_STARTERS)
    return ""


@cache
def _openers_fillers(band: str) -> tuple[str, ...]:
    """The band's fillers that can start an answer: not a hedge like "I think"."""
    return tuple(f for f in next(b for b in GRADE_BANDS if b.name == band).fillers if not f.startswith("I "))


def _disfluent(sentence: str, first: bool, band: GradeBand, uniforms: _Uniforms) -> str:
    """The sentence as said with a filler, a restart or a tag."""
    kind = uniforms.index(4)
    if kind == 0 or (kind == 3 and first):
        return uniforms.pick(_openers_fillers(band.name) if first else band.fillers).replace("{s}", sentence)
    if kind == 1:
        head = sentence.split(" ", 1)[0]
        return f"{head}, {sentence}"
    if kind == 2:
        return f"{sentence}, {uniforms.pick(speech.TAGS)}"
    words = sentence.split(" ")
    cut = 1 + uniforms.index(min(3, len(words)))
    return f"{' '.join(words[:cut])}, {uniforms.pick(speech.RESTARTS)}, {sentence}"


def _sentences(
    clauses: list[_Clause], opener_is_sentence: bool, voice: Voice, band: GradeBand, uniforms: _Uniforms
) -> list[str]:
    """Clauses joined into sentences: talkative children run on, older ones subordinate."""
    runs_on = voice.run_on >= LONG_RUN_ON
    longest = band.max_clauses_per_sentence + 1 + EXTRA_CLAUSES_FOR_RUN_ON * runs_on
    fade = RUN_ON_WORDS_BEFORE_FADE if runs_on else SENTENCE_WORDS_BEFORE_FADE
    sentences: list[str] = []
    started = False  # whether the sentence opens with "and then", "but" ...: then it is never reordered
    if opener_is_sentence:
        sentence, count, previous = clauses[0].text, 1, clauses[0]
        rest = clauses[1:]
    else:  # "When {event}, " leads straight into the first clause
        sentence, count, previous = clauses[0].text + clauses[1].text, 2, clauses[1]  # two clauses: never reordered
        rest = clauses[2:]
    for clause in rest:
        joins = voice.run_on * min(1.0, fade / _words(sentence))  # long sentences: fewer joins
        if clause.kind != ENDING and count < longest and uniforms.draw() < joins:
            sentence = _join(sentence, count == 1 and not started, previous, clause, band, uniforms)
            count += 1
        else:
            sentences.append(sentence)
            starter = _sentence_start(previous, clause, voice.chain, band, uniforms)
            sentence, count, started = starter + clause.text, 1, bool(starter)
        previous = clause
    sentences.append(sentence)
    return sentences


def render_skeleton(skeleton: Skeleton, grade: int, rng: np.random.Generator, style: Style = Style()) -> str:
    """Say ``skeleton`` as a child of ``grade`` would, at a length of their own."""
    uniforms = _Uniforms(rng)
    return _render(skeleton, grade, _draw_voice(grade, style, uniforms), style, uniforms)


def _render(skeleton: Skeleton, grade: int, voice: Voice, style: Style, uniforms: _Uniforms) -> str:
    band = band_for_grade(grade)
    fills = _draw_fills(band, skeleton.scenario, voice, uniforms)
    clauses, opener_is_sentence = _plan(skeleton, voice, band, style, fills, uniforms)
    spoken = []
    for position, sentence in enumerate(_sentences(clauses, opener_is_sentence, voice, band, uniforms)):
        if uniforms.draw() < voice.disfluency:
            sentence = _disfluent(sentence, position == 0, band, uniforms)
        spoken.append(f"{sentence[0].upper()}{sentence[1:]}.")
    return " ".join(spoken)


@dataclass(frozen=True)
class Response:
    """One generated response with the group and wording it belongs to."""

    text: str
    template_id: str
    wording: str


def compose_response(
    skill: str,
    skill_value: float,
    grade: int,
    rng: np.random.Generator,
    style: Style = Style(),
    unseen_scenarios: frozenset[str] = frozenset(),
) -> Response:
    """One student's response.

    The skeleton is drawn before anything grade-dependent, so one rng state gives the same
    skeleton at every grade.
    """
    if not 0.0 <= style.disfluency <= 1.0:
        raise ValueError(f"disfluency {style.disfluency!r} is outside [0, 1]")
    uniforms = _Uniforms(rng)
    skeleton = _draw_skeleton(skill, skill_value, uniforms, style.max_moves, unseen_scenarios)
    voice = _draw_voice(grade, style, uniforms)
    return Response(_render(skeleton, grade, voice, style, uniforms), skeleton.template_id, skeleton.wording)


def contrast_pair(
    skill: str, grade: int, rng: np.random.Generator, style: Style = Style(), high: float = 0.95, low: float = 0.05
) -> tuple[str, str]:
    """Two answers of one child about one scenario that differ only in skill content: the same grade,
    classmate, voice and length, with moves drawn at a ``high`` and at a ``low`` skill value."""
    uniforms = _Uniforms(rng)
    strong = _draw_skeleton(skill, high, uniforms, style.max_moves, frozenset())
    weak = replace(_draw_skeleton(skill, low, uniforms, style.max_moves, frozenset()), scenario=strong.scenario)
    voice = _draw_voice(grade, style, uniforms)
    seed = int(rng.integers(2**63))
    return (  # each from the same seed
        _render(strong, grade, voice, style, _Uniforms(np.random.default_rng(seed))),
        _render(weak, grade, voice, style, _Uniforms(np.random.default_rng(seed))),
    )
