"""The `skillsynth` command: run a pipeline stage, or write params.yaml from conf/."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from skillsynth.errors import SkillsynthError

STAGES = ("generate", "linguistic", "behavioral", "label", "assemble", "real", "train", "evaluate")
EXIT_INPUT_ERROR = 2


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
    params = commands.add_parser("params", help="compose conf/ (with overrides) into params.yaml")
    params.add_argument("overrides", nargs="*", help="Hydra overrides")
    params.add_argument("--output", type=Path, default=Path("params.yaml"), help="where to write")
    params.add_argument("--check", action="store_true", help="exit 1 if the file differs, write nothing")
    return parser


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
    logging.basicConfig(
        level=os.environ.get("SKILLSYNTH_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%H:%M:%S",
    )
    try:
        if args.command == "params":
            return _write_params(args.overrides, args.output, args.check)
        from skillsynth.config import load_settings

        settings = load_settings(args.overrides)
        importlib.import_module(f"skillsynth.stages.{args.command}").run(settings)
        return 0
    except SkillsynthError as error:
        print(f"skillsynth {args.command}: error: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
