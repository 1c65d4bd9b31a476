"""The free generator: one template-expanded response per simulated student."""

from __future__ import annotations

import pandas as pd
from tqdm import tqdm

from skillsynth.contract import true_column
from skillsynth.generate.templates import compose_response
from skillsynth.rng import sample_blocks

SOURCE = "template"


def template_responses(
    students: pd.DataFrame, seed: int, max_moves: int, disfluency: float, progress: bool = False
) -> pd.DataFrame:
    """``text``, ``template_id`` and ``source`` for each student, aligned with ``students``' rows."""
    texts: list[str] = []
    template_ids: list[str] = []
    bar = tqdm(total=len(students), desc="generate", unit="response", disable=not progress)
    for rows, rng in sample_blocks(seed, "generate.text", len(students)):
        block = students.iloc[rows]
        for skill, grade, value in zip(
            block["skill"], block["grade"], _target_truth(block), strict=True
        ):
            text, template_id = compose_response(skill, float(value), int(grade), rng, max_moves, disfluency)
            texts.append(text)
            template_ids.append(template_id)
        bar.update(len(block))
    bar.close()
    return pd.DataFrame(
        {"text": texts, "template_id": template_ids, "source": SOURCE}, index=students.index
    )


def _target_truth(students: pd.DataFrame) -> pd.Series:
    """Each student's latent value of the skill their prompt targeted."""
    values = pd.Series(index=students.index, dtype="float64")
    for skill, rows in students.groupby("skill").groups.items():
        values[rows] = students.loc[rows, true_column(skill)]
    return values
