"""The model card and the dataset card: Hugging Face's section layouts, filled from the pipeline's outputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from skillsynth.cards import facts
from skillsynth.contract import ALLOWED_GRADES, COLUMNS, FEATURE_FAMILIES, SKILL_DEFINITIONS, SKILLS, TELEMETRY_COLUMNS
from skillsynth.markdown import table
from skillsynth.quality.summary import failures_table, gate_table

LICENSE = "mit"  # the project's licence (pyproject.toml), for the cards' metadata
USAGE_FIELDS = (
    "calls",
    "cache_hits",
    "requests",
    "retries",
    "failures",
    "tokens_in",
    "tokens_out",
    "estimated_cost_usd",
    "cost_usd",
    "answers_cost_usd",
)


@dataclass(frozen=True)
class CardInputs:
    """What both cards are made of: the run's settings and every output they describe."""

    settings: Mapping[str, Any]  # params.yaml as plain data
    registry: Mapping[str, Any]  # models/model_registry.json
    metrics: Mapping[str, Mapping[str, Any]]  # every figure per skill (summary and detail joined)
    training: pd.DataFrame  # the training table
    gates: list[Mapping[str, Any]]  # the quality gates' reports
    llm_usage: Mapping[str, Any]  # per LLM stage and total
    fidelity: Mapping[str, Any] | None = None  # the fidelity stage's report, where the run has one
    behaviour: Mapping[str, Any] | None = None  # the behaviour tests' report, where the run has one


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("skillsynth.cards", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _front_matter(metadata: Mapping[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(dict(metadata), sort_keys=False, allow_unicode=True) + "---\n"


def _source(settings: Mapping[str, Any]) -> dict[str, str]:
    """How the texts were written and scored, in words."""
    generator, labeler = settings["generator"], settings["labeler"]
    written = (
        "a grammar of skill moves (templates), no model"
        if generator["name"] == "template"
        else f"the chat model `{generator['model']}` through an OpenAI-compatible API"
    )
    scored = (
        "the heuristic rater: the true skill read through a monotone rubric plus rater noise"
        if labeler["name"] == "heuristic"
        else f"an LLM judge, `{labeler['model']}`, at temperature 0"
    )
    return {"written": written, "scored": scored}


def _size_category(rows: int) -> str:
    """Hugging Face's size bucket for ``rows`` samples."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if rows < limit:
            return label
    return "n>1M"


# What each feature family holds, as the model card names it
FAMILY_TEXT: dict[str, str] = {
    "evidence": "per-skill evidence and concern counts from the documented keyword lists (negation- and person-aware)",
    "sentiment": "VADER and TextBlob sentiment",
    "style": "lengths, word classes, syntax, readability and lexical diversity",
    "telemetry": "the game telemetry with four per-skill composites",
}


def feature_families(features: list[str]) -> list[str]:
    """The card's words for the feature families that ``features`` (the models' inputs) come from."""
    return [FAMILY_TEXT[family] for family, columns in FEATURE_FAMILIES.items() if set(columns) & set(features)]


def _common(inputs: CardInputs) -> dict[str, Any]:
    settings = inputs.settings
    data = inputs.training
    return {
        "settings": settings,
        "registry": inputs.registry,
        "skills": SKILLS,
        "definitions": SKILL_DEFINITIONS,
        "families": feature_families(inputs.registry["features"]),
        "source": _source(settings),
        "rows": len(data),
        "grades": sorted(data["grade"].unique().tolist()),
        "generator_table": facts.settings_table(settings["generator"], "generator"),
        "labeler_table": facts.settings_table(settings["labeler"], "labeler"),
        "data_table": facts.settings_table(settings["data"], "data"),
        "behavior_table": facts.settings_table(settings["behavior"], "behavior"),
        "real_rows": inputs.registry["data"]["real"]["rows"],
        "allowed_grades": ALLOWED_GRADES,
        "fidelity": facts.report_tables(inputs.fidelity) if inputs.fidelity else None,
        "behaviour": facts.report_tables(inputs.behaviour) if inputs.behaviour else None,
    }


def model_card(inputs: CardInputs) -> str:
    """``reports/model_card.md``: the Hugging Face model card layout."""
    metrics = {skill: inputs.metrics[skill] for skill in SKILLS if skill in inputs.metrics}  # contract order
    registry = inputs.registry
    metadata = {
        "language": ["en"],
        "license": LICENSE,
        "library_name": "xgboost",
        "pipeline_tag": "tabular-regression",
        "tags": ["xgboost", "tabular-regression", "education", "social-emotional-learning", "synthetic-data", "dvc"],
        "model-index": [
            {
                "name": "skillsynth skill scorers",
                "results": [
                    {
                        "task": {"type": "tabular-regression", "name": f"{skill} score (0-1)"},
                        "dataset": {"type": "synthetic", "name": "skillsynth synthetic responses (held-out rows)"},
                        "metrics": [
                            {"type": name, "value": metrics[skill][name], "name": f"held-out {name}"}
                            for name in ("r2", "mae")
                            if name in metrics[skill]
                        ],
                    }
                    for skill in metrics
                ],
            }
        ],
    }
    context = {
        **_common(inputs),
        "results": facts.metrics_table(metrics, facts.RESULT_COLUMNS),
        "judge": facts.metrics_table(metrics, facts.JUDGE_COLUMNS),
        "real": facts.metrics_table(metrics, facts.REAL_COLUMNS),
        "unseen_wording": any("unseen_wording_r2" in m for m in metrics.values()),
        "has_ceiling": any("ceiling_r2" in m for m in metrics.values()),
        "by_grade": facts.error_by_group_table(metrics, "mae_by_grade", "grade"),
        "by_level": facts.error_by_group_table(metrics, "mae_by_level", "level"),
        "params_table": table(["parameter", "value"], list(registry["params"].items())),
        "models_table": table(
            ["skill", "file", "sha256"],
            [
                [skill, f"{inputs.settings['paths']['models_dir']}/{m['file']}", f"`{m['sha256'][:16]}…`"]
                for skill in SKILLS
                if (m := registry["models"].get(skill))
            ],
        ),
        "ranges": facts.feature_range_table(inputs.training),
        "flags": _flag_facts(registry, metrics),
        "telemetry_limits": table(
            ["field", "allowed"],
            [
                [
                    name,
                    f"{COLUMNS[name].minimum} to {'any' if COLUMNS[name].maximum is None else COLUMNS[name].maximum}",
                ]
                for name in TELEMETRY_COLUMNS
            ],
        ),
    }
    return _front_matter(metadata) + _environment().get_template("model_card.md.j2").render(context)


def _flag_facts(registry: Mapping[str, Any], metrics: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """What the model card says of the out-of-distribution flags: the checks, and the shares flagged."""
    distribution = registry.get("distribution")
    if not distribution:
        return None
    first = next(iter(metrics.values()), {})
    real = [m["real_ood_share"] for m in metrics.values() if "real_ood_share" in m]
    return {
        "features": len(distribution["features"]),
        "margin": distribution["range_margin"],
        "tail": distribution.get("range_tail", 0.0),
        "multivariate": distribution.get("multivariate") is not None,
        "heldout": first.get("heldout_ood_share"),
        "unseen": first.get("unseen_wording_ood_share"),
        "real": max(real) if real else None,
    }


def dataset_card(inputs: CardInputs) -> str:
    """``reports/dataset_card.md``: the Hugging Face dataset card layout."""
    data, usage = inputs.training, inputs.llm_usage
    metadata = {
        "language": ["en"],
        "license": LICENSE,
        "pretty_name": "skillsynth synthetic responses",
        "size_categories": [_size_category(len(data))],
        "task_categories": ["tabular-regression", "text-classification"],
        "tags": ["synthetic", "education", "social-emotional-learning", "children", "dvc"],
    }
    failed = [g for g in inputs.gates if not g["success"]]
    metrics = {skill: inputs.metrics[skill] for skill in SKILLS if skill in inputs.metrics}
    context = {
        **_common(inputs),
        "models": facts.metrics_table(metrics, facts.HEADLINE_COLUMNS),
        "by_skill_level": facts.counts_table(data, "skill", "level"),
        "by_skill_grade": facts.counts_table(data, "skill", "grade"),
        "scores": facts.score_distribution_table(data),
        "by_grade": facts.by_grade_table(data, ("word_count", "mean_sentence_length", "readability_grade")),
        "telemetry": facts.telemetry_table(data),
        "gates": gate_table(inputs.gates) if inputs.gates else None,
        "gate_failures": failures_table(failed) if failed else None,
        "usage": table(
            ["stage", *USAGE_FIELDS],
            [[stage, *(record.get(field) for field in USAGE_FIELDS)] for stage, record in usage.items()],
        )
        if usage
        else None,
        "cost": usage.get("total", {}).get("answers_cost_usd", 0.0),
        "columns": table(
            ["column", "type", "meaning"],
            [[name, COLUMNS[name].dtype, COLUMNS[name].description] for name in data.columns if name in COLUMNS],
        ),
    }
    return _front_matter(metadata) + _environment().get_template("dataset_card.md.j2").render(context)
