"""The free generator: one template-expanded response per simulated student."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from tqdm import tqdm

from skillsynth.config import LengthModel, TemplateGenerator
from skillsynth.contract import true_column
from skillsynth.generate.grammar import SCENARIOS
from skillsynth.generate.templates import Style, compose_response
from skillsynth.rng import sample_blocks, stage_rng

SOURCE = "template"


def style_of(generator: TemplateGenerator) -> Style:
    """The composer's style from the template generator's settings."""
    return replace(
        length_style(generator.length),
        max_moves=generator.max_moves,
        disfluency=generator.disfluency,
        evidence_share=generator.evidence_share,
    )


def length_style(length: LengthModel) -> Style:
    """A style with ``length``'s per-grade model (and default composition): what the LLM generator asks for."""
    return Style(**length.model_dump())


def unseen_scenarios(share: float, seed: int) -> frozenset[str]:
    """The scenarios said only in held-out wording: round(share * n) of each skill's n, at least one
    when ``share`` > 0, drawn from the seed. Their responses are all held out, so the split's other
    test part (scenarios in seen wording) differs from them only in wording."""
    rng = stage_rng(seed, "generate.wording")
    chosen: list[str] = []
    for skill in sorted(SCENARIOS):
        ids = [scenario.id for scenario in SCENARIOS[skill]]
        count = min(max(1, round(share * len(ids))), len(ids) - 2) if share > 0 else 0
        chosen.extend(rng.permutation(ids)[:count].tolist())
    return frozenset(chosen)


def template_responses(
    students: pd.DataFrame, seed: int, style: Style, unseen_wording_share: float = 0.0, progress: bool = False
) -> pd.DataFrame:
    """``text``, ``template_id``, ``wording`` and ``source`` for each student, aligned with ``students``' rows."""
    held_out = unseen_scenarios(unseen_wording_share, seed)
    responses = []
    bar = tqdm(total=len(students), desc="generate", unit="response", disable=not progress)
    for rows, rng in sample_blocks(seed, "generate.text", len(students)):
        block = students.iloc[rows]
        for skill, grade, value in zip(block["skill"], block["grade"], _target_truth(block), strict=True):
            responses.append(compose_response(skill, float(value), int(grade), rng, style, held_out))
        bar.update(len(block))
    bar.close()
    return pd.DataFrame(
        {
            "text": [r.text for r in responses],
            "template_id": [r.template_id for r in responses],
            "wording": [r.wording for r in responses],
            "source": SOURCE,
        },
        index=students.index,
    )


def _target_truth(students: pd.DataFrame) -> pd.Series:
    """Each student's latent value of the skill their prompt targeted."""
    values = pd.Series(index=students.index, dtype="float64")
    for skill, rows in students.groupby("skill").groups.items():
        values[rows] = students.loc[rows, true_column(skill)]
    return values
