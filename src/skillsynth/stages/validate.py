"""Stage `validate_<suite>` and the `skillsynth validate` command: a quality gate on any table."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Collection, Sequence
from pathlib import Path

import pandas as pd

from skillsynth.config import Settings
from skillsynth.errors import SkillsynthError
from skillsynth.files import read_table, write_json
from skillsynth.quality.catalog import SUITE_CHECKS
from skillsynth.quality.runner import QualityReport, run_suite
from skillsynth.real.rules import real_file_rules
from skillsynth.real.sessions import read_real_file, real_file

log = logging.getLogger(__name__)
EXIT_PASSED, EXIT_FAILED = 0, 1


def read_joined(paths: Sequence[Path | str]) -> pd.DataFrame:
    """One table from one file, or several files joined one-to-one on ``sample_id``."""
    frames = [read_table(path, required=("sample_id",) if len(paths) > 1 else ()) for path in paths]
    table = frames[0]
    for path, frame in zip(paths[1:], frames[1:], strict=True):
        new = [c for c in frame.columns if c not in table.columns or c == "sample_id"]
        try:
            table = table.merge(frame[new], on="sample_id", how="outer", validate="one_to_one")
        except pd.errors.MergeError as error:
            raise SkillsynthError(f"{path}: cannot join on sample_id: {error}") from None
    return table


def validate(
    suite: str,
    sources: Sequence[Path | str],
    settings: Settings,
    report_path: Path | str | None = None,
    docs_dir: Path | str | None = None,
    skip: Collection[str] = (),
) -> QualityReport:
    """Run ``suite`` on the joined ``sources``; write the JSON report (and Data Docs), pass or fail."""
    started = time.perf_counter()
    quality_dir = Path(settings.paths.quality_dir)
    report_path = Path(report_path or settings.paths.quality_reports[suite])
    if not sources:
        return _no_real_data(settings, report_path)
    # Imported here: Great Expectations takes ~3 s to import, which the `real` gate without real
    # data (above, on every fresh `dvc repro` of the default config) need not pay.
    from skillsynth.quality.suites import Design, separation_too_small, suite_expectations

    notes: tuple[str, ...] = ()
    if suite == "real":
        frame, expectations, notes = _real_file_suite(sources, settings, skip)
    else:
        frame = read_joined(sources)
        data = settings.data
        design = Design(skills=data.skills, grades=data.grades, count=data.count)
        too_small = separation_too_small(design, settings.quality)
        if too_small and "separation" in SUITE_CHECKS[suite] and "separation" not in skip:
            log.warning("validate %s: %s", suite, too_small)
            skip, notes = (*skip, "separation"), (too_small,)
        expectations = suite_expectations(suite, set(frame.columns), settings.quality, design, skip)
    if docs_dir is None and settings.quality.data_docs:
        docs_dir = quality_dir / "docs" / suite
    source = ", ".join(str(path) for path in sources)
    report = run_suite(frame, suite, expectations, source, Path(docs_dir) if docs_dir else None, notes)
    write_json(report.to_dict(), report_path)
    log.info(
        "validate %s: %s — %d of %d expectations failed on %d rows of %s -> %s%s in %.1f s",
        suite,
        "passed" if report.success else "FAILED",
        len(report.failures),
        len(report.outcomes),
        report.rows,
        source,
        report_path,
        f", Data Docs {Path(docs_dir) / 'index.html'}" if docs_dir else "",
        time.perf_counter() - started,
    )
    return report


def _real_file_suite(
    sources: Sequence[Path | str], settings: Settings, skip: Collection[str]
) -> tuple[pd.DataFrame, list, tuple[str, ...]]:
    """The real file (one, inside ``paths.real_dir`` as the `real` stage needs), read as the stage
    reads it, with the expectations of the rules for its columns, and what the rules ignore."""
    from skillsynth.quality.real_suite import real_suite_expectations

    if len(sources) != 1:
        raise SkillsynthError(f"validate --suite real: got {len(sources)} files; expected one real file")
    path = real_file(str(sources[0]), settings.paths.real_dir)
    frame = read_real_file(path)
    rules = real_file_rules(frame.columns, settings.data.real_score_scale)
    numeric = [name for name in frame.columns if pd.api.types.is_numeric_dtype(frame[name])]
    notes = (f"columns not read: {list(rules.ignored)}",) if rules.ignored else ()
    return frame, real_suite_expectations(rules, numeric, skip), notes


def _no_real_data(settings: Settings, report_path: Path) -> QualityReport:
    """The `real` gate's verdict when ``data.real_path`` is empty: nothing to check, so it passes."""
    report = QualityReport(suite="real", source="data.real_path is empty", rows=0, outcomes=[])
    write_json(report.to_dict(), report_path)
    log.info("validate real: data.real_path is empty: no real samples to check -> %s", report_path)
    return report


def sources_for(suite: str, paths: Sequence[str], settings: Settings) -> list[str]:
    """The files to validate: those given, or for the `real` suite ``data.real_path`` (none if empty)."""
    if paths:
        return list(paths)
    if suite == "real":
        return [settings.data.real_path] if settings.data.real_path else []
    raise SkillsynthError(f"validate --suite {suite}: expected at least one PATH (CSV or Parquet)")


def run_validate_command(
    suite: str,
    sources: Sequence[str],
    settings: Settings,
    report: str | None,
    docs: str | None,
    skip: Collection[str],
) -> int:
    """The command's behaviour: print one line per failed expectation; 0 passed, 1 failed."""
    result = validate(suite, sources_for(suite, sources, settings), settings, report, docs, skip)
    for line in result.failure_lines():
        print(line, file=sys.stderr)
    return EXIT_PASSED if result.success else EXIT_FAILED
