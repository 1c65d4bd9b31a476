"""A session's features from its raw parts: the pipeline's own families, with missing text or telemetry as NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from support import TELEMETRY

from skillsynth.contract import DERIVED_COLUMNS, FEATURE_COLUMNS, LINGUISTIC_COLUMNS, TELEMETRY_COLUMNS
from skillsynth.features.behavioral import derived_composites
from skillsynth.features.linguistic import linguistic_features
from skillsynth.session_features import has_transcript, session_features

TEXTS = ["I helped my friend when she felt sad.", "I was angry, so I took a deep breath and tried again."]


def test_a_whole_session_gets_the_pipeline_features(nlp) -> None:
    telemetry = pd.DataFrame([TELEMETRY, {**TELEMETRY, "retry_count": 5}])
    features = session_features(TEXTS, telemetry, nlp)
    assert list(features.columns) == list(FEATURE_COLUMNS) and (features.dtypes == "float64").all()
    expected = pd.concat([linguistic_features(TEXTS, nlp), telemetry, derived_composites(telemetry)], axis=1)
    pd.testing.assert_frame_equal(features, expected[list(FEATURE_COLUMNS)].astype("float64"))


@pytest.mark.parametrize("missing", [None, np.nan, "", "   "])
def test_no_transcript_leaves_the_text_features_empty(nlp, missing) -> None:
    features = session_features([TEXTS[0], missing], pd.DataFrame([TELEMETRY, TELEMETRY]), nlp)
    assert features.loc[1, list(LINGUISTIC_COLUMNS)].isna().all()
    assert features.loc[0, list(LINGUISTIC_COLUMNS)].notna().all() and features.loc[1, "retry_count"] == 2
    assert has_transcript([TEXTS[0], missing]).tolist() == [True, False]


def test_missing_telemetry_is_empty_and_so_is_what_is_built_on_it(nlp) -> None:
    partial = pd.DataFrame([{"peer_help_count": 3, "task_completion_rate": np.nan}, {"peer_help_count": np.nan}])
    features = session_features(TEXTS, partial, nlp)
    assert features.loc[0, "peer_help_count"] == 3 and features.loc[0, "empathy_composite"] == pytest.approx(0.6)
    assert features.loc[1, ["peer_help_count", "empathy_composite"]].isna().all()
    assert features[[c for c in TELEMETRY_COLUMNS if c != "peer_help_count"]].isna().all().all()
    assert features[[c for c in DERIVED_COLUMNS if c != "empathy_composite"]].isna().all().all()
    assert features[list(LINGUISTIC_COLUMNS)].notna().all().all()


def test_no_sessions_and_mismatched_parts(nlp) -> None:
    assert session_features([], pd.DataFrame(), nlp).empty
    with pytest.raises(ValueError, match="2 texts but 1 telemetry rows"):
        session_features(TEXTS, pd.DataFrame([TELEMETRY]), nlp)
