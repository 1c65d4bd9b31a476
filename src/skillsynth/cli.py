"""The `skillsynth` command: run a pipeline stage, write params.yaml from conf/, or score new sessions."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from skillsynth.errors import SkillsynthError

if TYPE_CHECKING:
    from skillsynth.config import Settings

EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130


def stage_commands() -> tuple[str, ...]:
    """The stage commands: one per public module of ``skillsynth.stages`` (its ``run(settings)``), sorted;
    ``validate``, a command with options of its own, aside."""
    from skillsynth import stages

    modules = (module.name for module in pkgutil.iter_modules(stages.__path__))
    return tuple(sorted(name for name in modules if not name.startswith("_") and name != "validate"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillsynth",
        description="Synthetic training data and per-skill models for social-emotional skill assessment.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for stage in stage_commands():
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
        "paths",
        nargs="*",
        metavar="PATH",
        help="CSV or Parquet file(s); for --suite real, default: data.real_path (nothing to check if empty)",
    )
    validate.add_argument("--report", help="JSON result (default: paths.quality_reports.<suite>)")
    validate.add_argument("--docs", help="Data Docs folder (default: <paths.quality_dir>/docs/<suite>)")
    validate.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=CHECKS,
        help="leave out a family of checks, e.g. balance for real data",
    )
    validate.add_argument("--params", type=Path, default=Path("params.yaml"), help="config to read")
    params = commands.add_parser("params", help="compose conf/ (with overrides) into params.yaml")
    params.add_argument("overrides", nargs="*", help="Hydra overrides")
    params.add_argument("--output", type=Path, default=Path("params.yaml"), help="where to write")
    params.add_argument("--check", action="store_true", help="exit 1 if the file differs, write nothing")
    _add_inference_commands(commands)
    return parser


def _add_inference_commands(commands: argparse._SubParsersAction) -> None:
    """`predict` and `serve`: score new sessions with the trained models. Both need only the models
    folder (its registry records the spaCy pipeline and the limits) and their own options: no params.yaml."""
    predict = commands.add_parser(
        "predict",
        help="score a CSV or JSONL file of sessions with the trained models",
        description="Score sessions (an id as `id` or `sample_id`, `text`, `grade` and any of the 9 telemetry fields, "
        "each optional; other columns are ignored) with every model in the registry, and flag those unlike the "
        "training data (in_distribution, out_of_distribution). Rows that fail validation are reported "
        "and skipped. Exit 0: rows scored; 1: nothing scored (no row, no valid row, or an invalid row with "
        "--strict); 2: an unusable input, output or models folder. The input is never written to.",
    )
    predict.add_argument("--models", type=Path, required=True, help="the models folder (with model_registry.json)")
    predict.add_argument("--input", type=Path, required=True, help="sessions, .csv or .jsonl")
    predict.add_argument("--output", type=Path, required=True, help="where to write the scores, .csv or .jsonl")
    predict.add_argument("--strict", action="store_true", help="stop, writing nothing, if any row is invalid")
    predict.add_argument("--rejects", type=Path, help="also write every row problem to this CSV file")
    predict.add_argument(
        "--max-text-chars",
        type=int,
        metavar="N",
        help="longest text accepted (default: the registry's serve.max_text_chars)",
    )
    serve = commands.add_parser(
        "serve",
        help="serve the trained models over HTTP (POST /api/v1/inference)",
        description="Start the HTTP inference service; it refuses to start if a model file and the registry "
        "disagree. Every option can also be set as an environment variable: SKILLSYNTH_MODELS, "
        "SKILLSYNTH_MAX_TEXT_CHARS, SKILLSYNTH_MAX_BATCH_SESSIONS, SKILLSYNTH_API_KEY_ENV, SKILLSYNTH_CORS_ORIGINS "
        "(a JSON list), SKILLSYNTH_LOG_LEVEL. The API key itself is read from the variable SKILLSYNTH_API_KEY "
        "(or the one --api-key-env names), never from a flag.",
    )
    serve.add_argument("--models", type=Path, help="the models folder (default: $SKILLSYNTH_MODELS, else models)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        choices=range(1, 65),
        metavar="N",
        help="worker processes, each with its own models (default 1)",
    )
    serve.add_argument(
        "--max-text-chars", type=int, metavar="N", help="longest text accepted (default: the registry's)"
    )
    serve.add_argument(
        "--max-batch-sessions", type=int, metavar="N", help="most sessions in one request (default: the registry's)"
    )
    serve.add_argument(
        "--api-key-env", metavar="NAME", help="environment variable holding the API key (default SKILLSYNTH_API_KEY)"
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="allow browser calls from this origin (repeatable; default: CORS off)",
    )
    serve.add_argument(
        "--allow-unauthenticated", action="store_true", help="listen on a non-loopback address without an API key"
    )


def _run_inference(args: argparse.Namespace) -> int:
    """`predict` or `serve`, which read no params.yaml."""
    if args.command == "predict":
        from skillsynth.inference import predict

        return predict.run(args.models, args.input, args.output, args.strict, args.rejects, args.max_text_chars)
    from skillsynth.inference import server
    from skillsynth.inference.settings import service_settings

    settings = service_settings(
        models=args.models,
        max_text_chars=args.max_text_chars,
        max_batch_sessions=args.max_batch_sessions,
        api_key_env=args.api_key_env,
        cors_origins=args.cors_origins,
    )
    return server.run(settings, args.host, args.port, args.workers, args.allow_unauthenticated)


def _write_params(overrides: list[str], output: Path, check: bool) -> int:
    from omegaconf import OmegaConf

    from skillsynth.config import compose_conf, params_yaml, settings_from_dict
    from skillsynth.files import write_atomic

    cfg = compose_conf(Path("conf"), overrides)
    settings_from_dict(cast(dict[str, Any], OmegaConf.to_container(cfg)), f"conf + {overrides}")  # str keys
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


def _stage_settings(stage: str, overrides: list[str]) -> Settings:
    """The settings a stage runs with; a refused value says how to recover from it."""
    from skillsynth.config import load_settings
    from skillsynth.stages.check import RECOVERY, STAGE_RECOVERY

    try:
        return load_settings(overrides)
    except SkillsynthError as error:
        raise SkillsynthError(f"{error}; {RECOVERY if stage == 'check' else STAGE_RECOVERY}") from None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `skillsynth` command; returns the exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    level = os.environ.get("SKILLSYNTH_LOG_LEVEL", "INFO").upper()
    logging.getLogger("skillsynth").setLevel(level if level in logging.getLevelNamesMapping() else "INFO")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    try:
        if args.command == "params":
            return _write_params(args.overrides, args.output, args.check)
        if args.command in ("predict", "serve"):
            return _run_inference(args)
        from skillsynth.config import load_settings

        if args.command == "validate":
            from skillsynth.stages.validate import run_validate_command

            settings = load_settings(params_path=args.params)
            return run_validate_command(args.suite, args.paths, settings, args.report, args.docs, args.skip)
        settings = _stage_settings(args.command, args.overrides)
        return importlib.import_module(f"skillsynth.stages.{args.command}").run(settings) or 0
    except SkillsynthError as error:
        print(f"skillsynth {args.command}: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except OSError as error:  # a file the command could not read or write, said in one line
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
