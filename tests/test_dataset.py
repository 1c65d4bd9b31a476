"""The training table: stage outputs joined one row per sample, in contract order and dtypes, or one line
naming the part and the samples that do not match."""

from __future__ import annotations

import pandas as pd
import pytest

from skillsynth.contract import (
    BEHAVIORAL_COLUMNS,
    COLUMNS,
    LABEL_COLUMNS,
    LINGUISTIC_COLUMNS,
    PANDAS_DTYPES,
    RESPONSE_COLUMNS,
    TRAINING_COLUMNS,
)
from skillsynth.dataset import assemble_training_table
from skillsynth.errors import SkillsynthError

IDS = ["s-0", "s-1", "s-2"]
VALUE = {"str": "x", "int": 2, "float": 0.5}


def _part(columns: tuple[str, ...], ids: list[str] = IDS) -> pd.DataFrame:
    """A stage output holding ``columns`` for ``ids``, each column a plain value of its contract dtype."""
    values = {name: [VALUE[COLUMNS[name].dtype]] * len(ids) for name in columns if name != "sample_id"}
    return pd.DataFrame({"sample_id": ids, **values})


def _parts(**changed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    parts = {
        "responses": _part(RESPONSE_COLUMNS),
        "linguistic": _part(LINGUISTIC_COLUMNS),
        "behavioral": _part(BEHAVIORAL_COLUMNS),
        "labels": _part(LABEL_COLUMNS),
    }
    return {**parts, **changed}


def test_parts_are_joined_by_sample_id_in_contract_order_and_dtypes() -> None:
    behavioral = _part(BEHAVIORAL_COLUMNS).iloc[::-1]  # another row order: joined by id, not by position
    behavioral["retry_count"] = [3.0, 2.0, 1.0]  # a count a stage wrote as floats
    table = assemble_training_table(_parts(behavioral=behavioral))
    assert list(table.columns) == list(TRAINING_COLUMNS)
    assert table["sample_id"].tolist() == IDS  # the first part's order
    assert table["retry_count"].tolist() == [1, 2, 3] and table["retry_count"].dtype == "int64"
    numeric = [name for name in TRAINING_COLUMNS if COLUMNS[name].dtype != "str"]
    assert {name: str(table[name].dtype) for name in numeric} == {
        name: PANDAS_DTYPES[COLUMNS[name].dtype] for name in numeric
    }
    assert all(pd.api.types.is_string_dtype(table[name]) for name in TRAINING_COLUMNS if name not in numeric)


def test_a_column_two_parts_hold_comes_from_the_first() -> None:
    labels = _part(LABEL_COLUMNS).assign(skill="from the labels")
    table = assemble_training_table(_parts(labels=labels))
    assert (table["skill"] == "x").all() and table.columns.tolist().count("skill") == 1


@pytest.mark.parametrize(
    ("ids", "shown"),
    [
        (["s-0", "s-1", "s-2", "s-9"], "(extra ['s-9'], missing [])"),
        (["s-0", "s-1"], "(extra [], missing ['s-2'])"),
        (["s-0", "s-1", "s-2", "s-2"], "(extra [], missing [])"),  # a duplicated sample
    ],
    ids=["extra sample", "missing sample", "duplicated sample"],
)
def test_samples_that_do_not_match_are_one_line_naming_the_part(ids: list[str], shown: str) -> None:
    with pytest.raises(SkillsynthError) as raised:
        assemble_training_table(_parts(labels=_part(LABEL_COLUMNS, ids)))
    message = str(raised.value)
    assert message == (
        f"labels: sample_id does not match responses one-to-one {shown}; rerun the stages upstream of assemble"
    )


def test_a_missing_contract_column_is_named() -> None:
    linguistic = _part(LINGUISTIC_COLUMNS).drop(columns=["vader_compound"])
    with pytest.raises(SkillsynthError, match=r"^training table: missing column\(s\) \['vader_compound'\]") as raised:
        assemble_training_table(_parts(linguistic=linguistic))
    assert "\n" not in str(raised.value)
