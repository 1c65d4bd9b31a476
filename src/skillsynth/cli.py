"""The `skillsynth` command: run a pipeline stage, write params.yaml from conf/, or score new sessions."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from skillsynth.errors import SkillsynthError

STAGES = (
    "generate", "linguistic", "behavioral", "label", "assemble", "real", "train", "evaluate", "llm_usage", "fidelity",
    "behaviour", "cards",
)
EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillsynth",
        description="Synthetic training data and per-skill models for social-emotional skill assessment.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for stage in STAGES:
        command = commands.add_parser(
            stage,
            help=f"run the `{stage}` stage (reads params.yaml, or conf/ with overrides)",
            description=f"Run the `{stage}` stage. Without overrides it reads params.yaml, as `dvc repro` "
            "does; with Hydra overrides (e.g. data.count=500 generator=template) it composes conf/.",
        )
        command.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. data.count=500")
    validate = commands.add_parser(
        "validate",
        help="check a table (CSV or Parquet) against a data-quality suite",
        description="Validate PATH (several paths are joined on sample_id) against a Great Expectations "
        "suite. Exit 0: passed; 1: failed expectations (one line each on stderr); 2: unreadable file, "
        "unknown suite or bad config. Thresholds come from params.yaml (quality.*).",
    )
    from skillsynth.quality.catalog import CHECKS, SUITES

    validate.add_argument("--suite", required=True, choices=SUITES, help="which suite")
    validate.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="CSV or Parquet file(s); for --suite real, default: data.real_path (nothing to check if empty)",
    )
    validate.add_argument("--report", help="JSON result (default: <paths.quality_dir>/<suite>.json)")
    validate.add_argument("--docs", help="Data Docs folder (default: <paths.quality_dir>/docs/<suite>)")
    validate.add_argument("--skip", action="append", default=[], choices=CHECKS,
                          help="leave out a family of checks, e.g. balance for real data")
    validate.add_argument("--params", type=Path, default=Path("params.yaml"), help="config to read")
    params = commands.add_parser("params", help="compose conf/ (with overrides) into params.yaml")
    params.add_argument("overrides", nargs="*", help="Hydra overrides")
    params.add_argument("--output", type=Path, default=Path("params.yaml"), help="where to write")
    params.add_argument("--check", action="store_true", help="exit 1 if the file differs, write nothing")
    _add_inference_commands(commands)
    return parser


def _add_inference_commands(commands: argparse._SubParsersAction) -> None:
    """`predict` and `serve`: score new sessions with the trained models (limits from the `serve` section)."""
    predict = commands.add_parser(
        "predict", help="score a CSV or JSONL file of sessions with the trained models",
        description="Score sessions (an id as `id` or `sample_id`, `text`, `grade` and the 9 telemetry fields; "
        "other columns are ignored) with every model in the registry. Rows that fail validation are reported "
        "and skipped (exit 1 with --strict, or when no row is valid); an unreadable file or models folder exits 2.",
    )
    predict.add_argument("--models", type=Path, required=True, help="the models folder (with model_registry.json)")
    predict.add_argument("--input", type=Path, required=True, help="sessions, .csv or .jsonl")
    predict.add_argument("--output", type=Path, required=True, help="where to write the scores, .csv or .jsonl")
    predict.add_argument("--strict", action="store_true", help="stop, writing nothing, if any row is invalid")
    predict.add_argument("--rejects", type=Path, help="also write every row problem to this CSV file")
    predict.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. serve.max_text_chars=8000")
    serve = commands.add_parser(
        "serve", help="serve the trained models over HTTP (POST /api/v1/inference)",
        description="Start the HTTP inference service; it refuses to start if a model file and the registry disagree.",
    )
    serve.add_argument("--models", type=Path, required=True, help="the models folder (with model_registry.json)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default 8000)")
    serve.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. serve.max_batch_sessions=64")


def _write_params(overrides: list[str], output: Path, check: bool) -> int:
    from omegaconf import OmegaConf

    from skillsynth.config import compose_conf, params_yaml, settings_from_dict
    from skillsynth.files import write_atomic

    cfg = compose_conf(Path("conf"), overrides)
    settings_from_dict(OmegaConf.to_container(cfg), f"conf + {overrides}")
    text = params_yaml(cfg)
    if check:
        current = output.read_text() if output.is_file() else ""
        if current != text:
            print(f"{output}: differs from the composition of conf/; run `make params`", file=sys.stderr)
            return 1
        return 0
    write_atomic(output, lambda path: path.write_text(text))
    logging.getLogger(__name__).info("params: conf/ composed with %s -> %s", overrides, output)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `skillsynth` command; returns the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("skillsynth").setLevel(os.environ.get("SKILLSYNTH_LOG_LEVEL", "INFO"))
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    try:
        if args.command == "params":
            return _write_params(args.overrides, args.output, args.check)
        from skillsynth.config import load_settings

        if args.command == "validate":
            from skillsynth.stages.validate import run_validate_command

            settings = load_settings(params_path=args.params)
            return run_validate_command(args.suite, args.paths, settings, args.report, args.docs, args.skip)
        settings = load_settings(args.overrides)
        if args.command == "predict":
            from skillsynth.inference import predict

            return predict.run(settings, args.models, args.input, args.output, args.strict, args.rejects)
        if args.command == "serve":
            from skillsynth.inference import service

            return service.run(settings, args.models, args.host, args.port)
        return importlib.import_module(f"skillsynth.stages.{args.command}").run(settings) or 0
    except SkillsynthError as error:
        print(f"skillsynth {args.command}: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print(f"skillsynth {args.command}: interrupted; no output written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ModuleNotFoundError as error:
        from skillsynth.extras import missing_extra_message

        message = missing_extra_message(error.name)
        if message is None:
            raise
        print(f"skillsynth {args.command}: error: {message}", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
