"""Tests for the held-out phrasings: unseen-wording responses use only them, all others never."""

from __future__ import annotations

import numpy as np
import pytest

from skillsynth.contract import SKILLS
from skillsynth.generate.grammar import LOW_SKILL_MOVES, SCENARIOS, SKILL_MOVES, STRENGTHS
from skillsynth.generate.template_generator import unseen_scenarios
from skillsynth.generate.templates import LOW_SKILL, draw_skeleton
from skillsynth.generate.wording import SEEN, UNSEEN, held_out_variant, usable_variants


def _variants(skill: str, move_id: str, strength: str) -> tuple[str, ...]:
    if strength == LOW_SKILL:
        return next(m for m in LOW_SKILL_MOVES[skill] if m.id == move_id).variants
    return next(m for m in SKILL_MOVES[skill] if m.id == move_id).variants(STRENGTHS.index(strength))


def test_every_move_keeps_a_seen_variant_and_holds_one_out() -> None:
    for skill in SKILLS:
        for move in SKILL_MOVES[skill]:
            for tier, strength in enumerate(STRENGTHS):
                size = len(move.variants(tier))
                seen = usable_variants(f"{move.id}:{strength}", size, SEEN)
                unseen = usable_variants(f"{move.id}:{strength}", size, UNSEEN)
                assert len(unseen) == 1 and seen and not set(seen) & set(unseen)


@pytest.mark.parametrize("size", [0, 1])
def test_a_move_said_one_way_is_never_held_out(size: int) -> None:
    assert held_out_variant("x:weak", size) is None
    assert usable_variants("x:weak", size, UNSEEN) == usable_variants("x:weak", size, SEEN) == tuple(range(size))


def test_unknown_wording_is_refused() -> None:
    with pytest.raises(ValueError, match="wording 'new'"):
        usable_variants("try_again:weak", 4, "new")


@pytest.mark.parametrize("skill", SKILLS)
def test_unseen_scenarios_are_said_only_in_held_out_variants(skill: str) -> None:
    held_out = frozenset(scenario.id for scenario in SCENARIOS[skill][:3])
    rng = np.random.default_rng(7)
    kinds = set()
    for _ in range(400):
        skeleton = draw_skeleton(skill, float(rng.random()), rng, unseen_scenarios=held_out)
        kinds.add(skeleton.wording)
        assert skeleton.wording == (UNSEEN if skeleton.scenario.id in held_out else SEEN)
        for step in skeleton.steps:
            size = len(_variants(skill, step.move_id, step.strength))
            is_held_out = step.variant == held_out_variant(f"{step.move_id}:{step.strength}", size)
            assert is_held_out == (skeleton.wording == UNSEEN) or size < 2
    assert kinds == {SEEN, UNSEEN}


@pytest.mark.parametrize(("share", "per_skill"), [(0.0, 0), (0.01, 1), (0.1, 1), (0.2, 2), (0.99, 8)])
def test_unseen_scenarios_take_the_share_of_every_skill(share: float, per_skill: int) -> None:
    chosen = unseen_scenarios(share, seed=3)
    for skill in SKILLS:
        ids = {scenario.id for scenario in SCENARIOS[skill]}
        assert len(chosen & ids) == per_skill
    assert unseen_scenarios(share, seed=3) == chosen
