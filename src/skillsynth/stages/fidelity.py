"""Stage `fidelity`: how far the synthetic responses are from a reference corpus of real ones."""

from __future__ import annotations

import logging
import time

import pandas as pd

from skillsynth.config import Settings
from skillsynth.contract import LINGUISTIC_COLUMNS, RESPONSE_COLUMNS
from skillsynth.fidelity.compare import Detection, compare, detection_gate
from skillsynth.fidelity.reference import conform_reference, reference_file
from skillsynth.files import read_table, write_json, write_table

log = logging.getLogger(__name__)
EXIT_GATE_FAILED = 1


def _reference(settings: Settings) -> pd.DataFrame | None:
    """The reference corpus with its linguistic features, measured exactly as the synthetic ones were."""
    if not settings.data.reference_path:
        return None
    from skillsynth.features.linguistic import linguistic_features, load_pipeline

    source = reference_file(settings.data.reference_path, settings.paths.reference_dir)
    reference = conform_reference(read_table(source), str(source))
    nlp = load_pipeline(settings.nlp.model)
    features = linguistic_features(
        reference["text"].tolist(), nlp, batch_size=settings.nlp.batch_size, n_process=settings.nlp.n_process
    )
    return pd.concat([reference, features], axis=1)


def run(settings: Settings) -> int:
    """Write ``paths.fidelity`` (DVC metrics), its detail report and plot tables; 1 when the optional
    gate ``quality.max_detection_auc`` fails (after writing them), else 0."""
    started = time.perf_counter()
    paths, fidelity = settings.paths, settings.fidelity
    responses = read_table(paths.responses, required=RESPONSE_COLUMNS)
    linguistic = read_table(paths.linguistic, required=("sample_id", *LINGUISTIC_COLUMNS))
    synthetic = responses.merge(linguistic, on="sample_id", validate="one_to_one")
    reference = _reference(settings)
    report = compare(
        synthetic,
        reference,
        LINGUISTIC_COLUMNS,
        fidelity.length_features,
        Detection(fidelity.folds, fidelity.max_synthetic_ratio, settings.seed),
        fidelity.give_aways,
    )
    write_json(report.metrics, paths.fidelity)
    write_json(report.detail, paths.fidelity_detail)
    write_table(report.words_by_grade, paths.plot_fidelity_words)
    write_table(report.distances, paths.plot_fidelity_distances)
    summary = ", ".join(f"{key} {value}" for key, value in report.metrics.items())
    where = (
        f"{report.detail['reference_rows']} reference rows from {settings.data.reference_path}"
        if reference is not None
        else "no reference corpus (data.reference_path is empty): synthetic diagnostics only"
    )
    log.info(
        "fidelity: %d synthetic responses against %s; %s%s -> %s in %.1f s",
        len(synthetic),
        where,
        summary,
        f"; give-aways {report.detail['give_aways']}" if report.detail["give_aways"] else "",
        paths.fidelity,
        time.perf_counter() - started,
    )
    failure = detection_gate(report.metrics, settings.quality.max_detection_auc)
    if failure:
        log.error(failure)
        return EXIT_GATE_FAILED
    return 0
