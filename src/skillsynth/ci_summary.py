"""CI job summary: the quality gates' verdicts and the plots' data as Markdown, for $GITHUB_STEP_SUMMARY or a
terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from skillsynth.config import Paths, load_settings
from skillsynth.errors import SkillsynthError
from skillsynth.markdown import frame_table
from skillsynth.quality.summary import gate_summary

TOP_FEATURES = 5


def plots_summary(
    learning_curve: pd.DataFrame, residuals: pd.DataFrame, importance: pd.DataFrame, artifact: str
) -> str:
    """The numbers behind the learning-curve, residual and importance plots, per skill, as Markdown."""
    curve = learning_curve.set_index("train_rows")
    curve.index.name = "training rows"
    error_by_grade = residuals.assign(abs_error=residuals["residual"].abs()).pivot_table(
        index="grade", columns="skill", values="abs_error", aggfunc="mean", sort=True
    )[list(curve.columns)]
    top = (
        importance.sort_values(["skill", "importance"], ascending=[True, False], kind="stable")
        .groupby("skill", sort=False)
        .head(TOP_FEATURES)
        .assign(feature=lambda t: t["feature"] + " (" + t["importance"].map("{:.2f}".format) + ")")
        .assign(rank=lambda t: t.groupby("skill").cumcount() + 1)
        .pivot(index="rank", columns="skill", values="feature")[list(curve.columns)]
    )
    return (
        "\n\n".join(
            [
                "## Plots",
                f"The interactive plots (`dvc plots diff`, every panel named by its skill) are in the `{artifact}` "
                "artifact of this run. Their numbers:",
                "### Learning curve: held-out R² by training rows",
                frame_table(curve),
                "### Mean absolute error by grade, held-out rows",
                frame_table(error_by_grade),
                f"### Top {TOP_FEATURES} features per model (share of total gain)",
                frame_table(top),
            ]
        )
        + "\n"
    )


def _gate_reports(paths: Paths) -> list[dict]:
    """The verdicts of the gates that ran, in suite order."""
    found = (Path(report) for report in paths.quality_reports.values())
    return [json.loads(report.read_text()) for report in found if report.is_file()]


def _write(text: str, output: str | None) -> None:
    """Append to ``output`` (a job summary is shared by every step), or print."""
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m skillsynth.ci_summary gates|plots`; exit 1 when a gate failed."""
    parser = argparse.ArgumentParser(prog="python -m skillsynth.ci_summary", description=__doc__)
    parser.add_argument("section", choices=("gates", "plots"))
    parser.add_argument("--params", type=Path, default=Path("params.yaml"), help="where the paths come from")
    parser.add_argument(
        "--output",
        default=os.environ.get("GITHUB_STEP_SUMMARY") or None,
        help="file to append to (default: $GITHUB_STEP_SUMMARY, else standard output)",
    )
    parser.add_argument("--artifact", default="plots", help="name of the CI artifact holding the HTML plots")
    args = parser.parse_args(argv)
    try:
        paths: Paths = load_settings(params_path=args.params).paths
        if args.section == "gates":
            reports = _gate_reports(paths)
            _write(gate_summary(reports), args.output)
            return 1 if not reports or any(not r["success"] for r in reports) else 0
        sources = (paths.plot_learning_curve, paths.plot_residuals, paths.plot_importance)
        learning_curve, residuals, importance = (pd.read_csv(path) for path in sources)
    except (SkillsynthError, OSError, ValueError) as error:
        print(f"ci_summary {args.section}: error: {error}; run `dvc repro` first", file=sys.stderr)
        return 2
    _write(plots_summary(learning_curve, residuals, importance, artifact=args.artifact), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
