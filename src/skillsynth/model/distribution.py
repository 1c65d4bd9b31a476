"""The training distribution of the features, as the registry records it, and the out-of-distribution flags of sessions.

`train` records, for each checked feature (the models' inputs, every telemetry signal, and
``ood.extra_features`` such as ``word_count``): its min, max and typical (0.5%-99.5%) values on the
training rows, and its accepted range. A value is outside it when it lies beyond the typical range by
more than ``ood.range_margin`` of that range's width, and beyond all but ``ood.range_tail`` of the
training values on its side: far out, and rare. Quantiles, unlike the min and max, do not move out
as the training data grows, so a flag means the same at any ``data.count``. It also records a multivariate score:
the Mahalanobis distance of a session's
standardised features from the training rows' mean (Ledoit-Wolf covariance), over the features the
session has, read as a chi-square tail (``-log10 p``) so a session missing an input compares with
whole ones. Its thresholds flag ``ood.multivariate_tail`` of the training rows, each scored by a fit
on the other grouped folds, as whole sessions, text-only ones and telemetry-only ones.

A session is out of distribution when a feature it has lies outside its accepted range, or its
multivariate score is above the threshold for what it has. A missing feature never flags a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2
from sklearn.covariance import LedoitWolf
from sklearn.model_selection import GroupKFold

from skillsynth.contract import FEATURE_COLUMNS, LINGUISTIC_COLUMNS, TELEMETRY_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.model.metrics import rounded

MULTIVARIATE = "multivariate"  # the name a flag gives when the features' combination is unusual
IN_DISTRIBUTION, OUTSIDE = "in_distribution", "out_of_distribution"
FLAG_COLUMNS: tuple[str, ...] = (IN_DISTRIBUTION, OUTSIDE)
TYPICAL_QUANTILES = (0.005, 0.995)  # recorded to show each feature's typical range
WHOLE, TEXT_ONLY, TELEMETRY_ONLY = "whole", "text_only", "telemetry_only"  # what a calibrated session has


def checked_features(model_features: list[str] | tuple[str, ...], extra: list[str] | tuple[str, ...]) -> list[str]:
    """The features whose training distribution is recorded and checked, in contract order: the models'
    inputs, every telemetry signal (a raw input, read by the models or not), and ``extra``."""
    chosen = {*model_features, *TELEMETRY_COLUMNS, *extra}
    return [name for name in FEATURE_COLUMNS if name in chosen]


def feature_ranges(values: pd.DataFrame, margin: float, tail: float) -> dict[str, dict[str, float | int]]:
    """Per column: rows with a value, min, max, typical low and high, and the accepted range (low, high):
    the typical range widened by ``margin`` of its width on each side, and at least the ``tail`` to
    ``1 - tail`` quantiles. A column no training row has gets only ``rows`` 0, and never flags a session."""
    ranges: dict[str, dict[str, float | int]] = {}
    for name in values.columns:
        seen = values[name].dropna().to_numpy(dtype="float64")
        if not len(seen):
            ranges[name] = {"rows": 0}
            continue
        typical_low, typical_high = (float(q) for q in np.quantile(seen, TYPICAL_QUANTILES))
        # training values themselves, not interpolated: with fewer than 1 / tail rows, the min and the max
        tail_low = float(np.quantile(seen, tail, method="lower"))
        tail_high = float(np.quantile(seen, 1.0 - tail, method="higher"))
        width = typical_high - typical_low
        ranges[name] = {
            "rows": len(seen),
            "min": float(seen.min()),
            "max": float(seen.max()),
            "typical_low": typical_low,
            "typical_high": typical_high,
            "low": min(typical_low - margin * width, tail_low),
            "high": max(typical_high + margin * width, tail_high),
        }
    return ranges


@dataclass(frozen=True)
class Mahalanobis:
    """Standardised Mahalanobis distance from the training mean, over whichever features a row has."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    covariance: np.ndarray  # of the standardised features (Ledoit-Wolf shrunk)
    shrinkage: float = 0.0

    @classmethod
    def fit(cls, features: tuple[str, ...], values: np.ndarray) -> Mahalanobis:
        """Fitted on ``values`` (rows x ``features``, no missing value); a column constant here keeps its units."""
        mean, scale = values.mean(axis=0), values.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)
        estimator = LedoitWolf(assume_centered=True).fit((values - mean) / scale)
        return cls(features, mean, scale, estimator.covariance_, float(estimator.shrinkage_))

    def scores(self, values: np.ndarray) -> np.ndarray:
        """``-log10`` of the chi-square tail of each row's squared distance over the features it has
        (degrees of freedom: their number); NaN for a row with none. Each row's score depends on that
        row alone, whatever else is scored with it."""
        standardised = (values - self.mean) / self.scale
        present = ~np.isnan(standardised)
        result = np.full(len(values), np.nan)
        patterns, which = np.unique(present, axis=0, return_inverse=True)
        for index, pattern in enumerate(patterns):
            if not pattern.any():
                continue
            rows = which.reshape(-1) == index
            inverse = np.linalg.pinv(self.covariance[np.ix_(pattern, pattern)], hermitian=True)
            centred = standardised[np.ix_(rows, pattern)]
            squared = np.einsum("ij,jk,ik->i", centred, inverse, centred)  # no BLAS: the same per row in any batch
            result[rows] = -chi2.logsf(squared, int(pattern.sum())) / np.log(10.0)
        return result

    def record(self) -> dict[str, Any]:
        """The fit as plain JSON values, for the registry (nothing pickled)."""
        return {
            "method": "mahalanobis",
            "covariance_estimator": "ledoit_wolf",
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "covariance": self.covariance.tolist(),
            "shrinkage": self.shrinkage,
        }


def _hidden_by_pattern(features: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Per calibrated pattern, which of ``features`` such a session lacks (text-only: no telemetry)."""
    text = np.array([name in LINGUISTIC_COLUMNS for name in features])
    patterns = {WHOLE: np.zeros(len(features), dtype=bool), TEXT_ONLY: ~text, TELEMETRY_ONLY: text}
    return {name: hidden for name, hidden in patterns.items() if not hidden.all()}


def _out_of_fold_scores(
    features: tuple[str, ...], values: np.ndarray, groups: np.ndarray, folds: int, seed: int
) -> dict[str, np.ndarray]:
    """Per pattern, each row's score under a fit on the other grouped folds (in-sample with one group)."""
    hidden = _hidden_by_pattern(features)
    distinct = len(np.unique(groups))
    splits = (
        list(GroupKFold(n_splits=min(folds, distinct), shuffle=True, random_state=seed).split(values, groups=groups))
        if distinct >= 2
        else [(np.arange(len(values)), np.arange(len(values)))]
    )
    scores = {name: np.full(len(values), np.nan) for name in hidden}
    for fit_rows, scored_rows in splits:
        fitted = Mahalanobis.fit(features, values[fit_rows])
        for name, lacks in hidden.items():
            shown = values[scored_rows].copy()
            shown[:, lacks] = np.nan
            scores[name][scored_rows] = fitted.scores(shown)
    return scores


def _multivariate(
    values: pd.DataFrame, groups: np.ndarray, tail: float, folds: int, seed: int
) -> dict[str, Any] | None:
    """The multivariate score's record: over the features at least half the rows have and that vary,
    fitted on the rows that have them all; None when fewer than 2 such rows remain."""
    common = [name for name in values.columns if values[name].notna().mean() >= 0.5]
    complete = values.loc[:, common].notna().all(axis=1).to_numpy()
    varying = tuple(name for name in common if values.loc[complete, name].nunique() > 1)
    if complete.sum() < 2 or not varying:
        return None
    matrix = values.loc[complete, list(varying)].to_numpy(dtype="float64")
    calibration = _out_of_fold_scores(varying, matrix, groups[complete], folds, seed)
    thresholds = {name: float(np.quantile(scores, 1.0 - tail)) for name, scores in calibration.items()}
    fitted = Mahalanobis.fit(varying, matrix)
    return {**fitted.record(), "rows": int(complete.sum()), "tail": tail, "folds": folds, "thresholds": thresholds}


def training_distribution(
    values: pd.DataFrame, groups: np.ndarray, margin: float, range_tail: float, tail: float, folds: int, seed: int
) -> dict[str, Any]:
    """The registry's record of ``values`` (training rows x checked features; missing values allowed):
    per-feature ranges, the multivariate score with its calibrated thresholds (``groups`` keep a
    template, or a real group, inside one calibration fold), and the share of training rows it flags."""
    record: dict[str, Any] = {
        "features": list(values.columns),
        "range_margin": margin,
        "range_tail": range_tail,
        "typical_quantiles": list(TYPICAL_QUANTILES),
        "ranges": feature_ranges(values, margin, range_tail),
        "multivariate": _multivariate(values, groups, tail, folds, seed),
    }
    record["training_rows_flagged"] = flagged_share(TrainingDistribution.from_record(record).flags(values))
    return record


def _positions(features: pd.DataFrame, names: tuple[str, ...]) -> np.ndarray:
    """Where ``names`` are among the columns of ``features``; ValueError naming any it lacks."""
    positions = features.columns.get_indexer(list(names))
    if (positions < 0).any():
        raise ValueError(f"feature table lacks {[n for n, p in zip(names, positions, strict=True) if p < 0]}")
    return positions


@dataclass(frozen=True)
class TrainingDistribution:
    """The recorded distribution, ready to flag sessions: accepted ranges and the multivariate score."""

    features: tuple[str, ...]
    low: np.ndarray  # NaN where no training row had the feature: never flags
    high: np.ndarray
    multivariate: Mahalanobis | None
    thresholds: dict[str, float]

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> TrainingDistribution:
        features = tuple(record["features"])
        ranges = record["ranges"]
        low = np.array([ranges[name].get("low", np.nan) for name in features], dtype="float64")
        high = np.array([ranges[name].get("high", np.nan) for name in features], dtype="float64")
        scored = record.get("multivariate")
        if scored is None:
            return cls(features, low, high, None, {})
        multivariate = Mahalanobis(
            tuple(scored["features"]),
            np.array(scored["mean"]),
            np.array(scored["scale"]),
            np.array(scored["covariance"]),
            scored.get("shrinkage", 0.0),
        )
        return cls(features, low, high, multivariate, dict(scored["thresholds"]))

    def _thresholds(self, present: np.ndarray) -> np.ndarray:
        """Each row's multivariate threshold, by the features it has: that of its calibrated pattern,
        else (e.g. a game that logs some signals only) the strictest, the highest of them."""
        result = np.full(len(present), max(self.thresholds.values()))
        assert self.multivariate is not None  # called only where there is a multivariate score
        for name, lacks in _hidden_by_pattern(self.multivariate.features).items():
            if name in self.thresholds:
                result[(present == ~lacks).all(axis=1)] = self.thresholds[name]
        return result

    def checks(self, features: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Which checked features of each row are outside their accepted range (rows x features), and
        which rows the multivariate score flags."""
        table = features.to_numpy(dtype="float64")  # one copy, columns taken by position: cheap per request
        values = table[:, _positions(features, self.features)]
        outside = (values < self.low) | (values > self.high)  # NaN, on either side, compares False
        unusual = np.zeros(len(values), dtype=bool)
        if self.multivariate is not None:
            scored = table[:, _positions(features, self.multivariate.features)]
            scores = self.multivariate.scores(scored)
            unusual = scores > self._thresholds(~np.isnan(scored))  # no feature at all: NaN, not flagged
        return outside, unusual

    def flags(self, features: pd.DataFrame) -> pd.DataFrame:
        """Per row of ``features`` (a table of the feature columns, on its index): ``in_distribution``, and
        ``out_of_distribution``, the names of the features outside their range (contract order), then
        ``multivariate`` when their combination is unusual; empty when in distribution."""
        outside, unusual = self.checks(features)
        names = [
            [self.features[i] for i in np.flatnonzero(row)] + ([MULTIVARIATE] if odd else [])
            for row, odd in zip(outside, unusual, strict=True)
        ]
        return pd.DataFrame(
            {
                IN_DISTRIBUTION: pd.Series([not found for found in names], index=features.index, dtype=bool),
                OUTSIDE: pd.Series(names, index=features.index, dtype=object),
            }
        )


def read_distribution(record: dict[str, Any] | None, source: str) -> TrainingDistribution:
    """The distribution a registry records (``Registry.distribution``), or one line saying it records none."""
    if not isinstance(record, dict) or not record.get("features"):
        raise SkillsynthError(
            f"{source}: records no training distribution (distribution), needed for the out-of-distribution "
            "flags; rerun `dvc repro train`"
        )
    unknown = [name for name in record["features"] if name not in FEATURE_COLUMNS]
    if unknown:
        raise SkillsynthError(
            f"{source}: distribution.features has {unknown}, not features this skillsynth computes; "
            "rerun `dvc repro train`"
        )
    return TrainingDistribution.from_record(record)


def flagged_share(flags: pd.DataFrame) -> float | None:
    """The share of rows flagged out of distribution, rounded for a report; None without rows."""
    return rounded((~flags[IN_DISTRIBUTION]).mean()) if len(flags) else None


def flag_summary(flags: pd.DataFrame) -> dict[str, Any]:
    """How many rows the flags mark out of distribution, their share, and how many each feature (and
    ``multivariate``) marked, most first."""
    counts = pd.Series([name for names in flags[OUTSIDE] for name in names], dtype=object).value_counts()
    by_feature = {str(name): int(count) for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))}
    return {
        "rows": len(flags),
        "flagged": int((~flags[IN_DISTRIBUTION]).sum()),
        "share": flagged_share(flags),
        "by_feature": by_feature,
    }
