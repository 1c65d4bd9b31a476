"""Which quality suites exist, and the columns and check families each covers (no GX import)."""

from __future__ import annotations

from skillsynth.contract import FEATURE_COLUMNS, REAL_FILE_REQUIRED, RESPONSE_COLUMNS, TRAINING_COLUMNS

SUITE_COLUMNS: dict[str, tuple[str, ...]] = {
    "responses": RESPONSE_COLUMNS,
    "features": ("sample_id", "skill", "level", *FEATURE_COLUMNS),
    "training": TRAINING_COLUMNS,
    "real": REAL_FILE_REQUIRED,  # a team's real labelled sessions: the rest depends on the file (real/rules.py)
}
SUITES: tuple[str, ...] = tuple(SUITE_COLUMNS)
CHECKS: tuple[str, ...] = ("completeness", "ranges", "balance", "separation")
# Which check families each suite runs; a family also needs its columns to be in the suite.
SUITE_CHECKS: dict[str, tuple[str, ...]] = {
    "responses": ("completeness", "ranges", "balance"),
    "features": ("completeness", "ranges", "separation"),
    "training": CHECKS,
    "real": ("completeness", "ranges"),  # real data is neither balanced nor level-designed
}
