"""A session's model inputs from its raw parts: the one path from text and telemetry to features.

The `real` stage (real labelled sessions), `predict` and `serve` all call ``session_features``, so
train, evaluate and serve see the same features for the same session. Missing inputs are normal: a
session without a transcript gets empty (NaN) linguistic features, a session without a game log
(or without some of its signals) gets NaN telemetry, and the composites built on a missing signal
are NaN too; the models were trained with inputs hidden this way (``model.*_dropout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
import pandas as pd
from spacy.language import Language

from skillsynth.contract import FEATURE_COLUMNS, LINGUISTIC_COLUMNS, TELEMETRY_COLUMNS
from skillsynth.features.behavioral import derived_composites
from skillsynth.features.linguistic import linguistic_features, pooled_linguistic_features
from skillsynth.features.workers import MeasuringPool


def has_transcript(texts: Sequence[object]) -> np.ndarray:
    """Which texts hold words to measure: not None, NaN, or only whitespace."""
    return np.array([isinstance(text, str) and bool(text.strip()) for text in texts], dtype=bool)


def telemetry_table(telemetry: pd.DataFrame) -> pd.DataFrame:
    """All 9 telemetry columns as floats, in contract order; a column the input lacks is all NaN."""
    return telemetry.reindex(columns=list(TELEMETRY_COLUMNS)).astype("float64").reset_index(drop=True)


def session_features(
    texts: Sequence[object],
    telemetry: pd.DataFrame,
    nlp: Language,
    batch_size: int = 256,
    progress: bool = False,
    n_process: int = 1,
    pool: MeasuringPool | None = None,
) -> pd.DataFrame:
    """The contract's feature columns (float64) for each session, in input order.

    ``texts``: one transcript per session (None, NaN or blank = none). ``telemetry``: one row per
    session with any of the telemetry columns (others are ignored); empty cells are missing. The
    texts are measured by ``pool`` when one is given (a service keeps its measurers), else by
    ``n_process`` processes started for the call.
    """
    if len(texts) != len(telemetry):
        raise ValueError(f"{len(texts)} texts but {len(telemetry)} telemetry rows; expected one of each per session")
    spoken = has_transcript(texts)
    linguistic = pd.DataFrame(np.nan, index=range(len(texts)), columns=list(LINGUISTIC_COLUMNS))
    if spoken.any():
        kept = [cast(str, text) for text, said in zip(texts, spoken, strict=True) if said]  # said: a str
        measured = (
            pooled_linguistic_features(kept, pool, batch_size, progress, "a kept pool")
            if pool is not None
            else linguistic_features(kept, nlp, batch_size, progress, n_process)
        )
        linguistic.loc[spoken, :] = measured.astype("float64").to_numpy()
    signals = telemetry_table(telemetry)
    features = pd.concat([linguistic, signals, derived_composites(signals)], axis=1)
    return features.loc[:, list(FEATURE_COLUMNS)].astype("float64")
