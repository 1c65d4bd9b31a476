"""The `skillsynth` command: one stage command per stage module, and every dvc.yaml command is one it knows."""

from __future__ import annotations

import ast
import importlib.util
import shlex
from pathlib import Path

from support import dvc_stages

from skillsynth.cli import _parser, stage_commands


def _subcommands() -> set[str]:
    parser = _parser()
    return set(next(a for a in parser._actions if a.dest == "command").choices)


def test_every_stage_module_is_a_command_with_a_run_function() -> None:
    assert "validate" not in stage_commands() and "generate" in stage_commands()
    assert set(stage_commands()) <= _subcommands()
    for name in stage_commands():
        source = Path(importlib.util.find_spec(f"skillsynth.stages.{name}").origin).read_text()
        functions = {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
        assert "run" in functions, f"skillsynth/stages/{name}.py has no run(settings): name a helper module _{name}.py"


def test_dvc_yaml_runs_each_stage_command_as_the_stage_of_that_name(repo: Path) -> None:
    stages = dvc_stages(repo)
    commands = {name: shlex.split(spec["cmd"]) for name, spec in stages.items()}
    assert all(words[0] == "skillsynth" and words[1] in _subcommands() for words in commands.values())
    assert {name for name, words in commands.items() if words == ["skillsynth", name]} == set(stage_commands())
