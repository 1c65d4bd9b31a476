"""The import graph of skillsynth: no cycle anywhere, and inference scores with the predictor, never training code."""

from __future__ import annotations

import ast
import graphlib
from functools import cache
from pathlib import Path

import pytest

import skillsynth

PACKAGE = Path(skillsynth.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
INFERENCE = sorted(name for name in MODULES if name.startswith("skillsynth.inference"))
# What scoring must never load: fitting code, stage entry points and the data generators.
NOT_FOR_INFERENCE = (
    "skillsynth.model.fitting",
    "skillsynth.model.dask_fitting",
    "skillsynth.stages",
    "skillsynth.generate",
)


def _imported_modules(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The skillsynth modules one import statement loads (``from package import module`` names the module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in MODULES]
    base = node.module or ""
    names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
    return [name for name in names if name in MODULES]


@cache
def import_graph() -> dict[str, set[str]]:
    """Each skillsynth module and the skillsynth modules it imports anywhere: at the top, inside a function
    (a lazy import hides a cycle, it does not remove it) or for type checking only."""
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        graph[name] = {
            imported
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for imported in _imported_modules(node)
            if imported != name
        }
    return graph


def reachable(start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    graph, seen, todo = import_graph(), set[str](), [start]
    while todo:
        for imported in graph[todo.pop()] - seen:
            seen.add(imported)
            todo.append(imported)
    return seen


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "skillsynth.model.predictor" in graph["skillsynth.inference.scoring"]
    assert "skillsynth.model.fitting" in graph["skillsynth.stages.train"]
    assert "skillsynth.model.plots" in graph["skillsynth.stages.evaluate"]  # `from skillsynth.model import plots`
    # a lazy import counts: the stage imports the Dask fitting inside a function
    assert "skillsynth.model.dask_fitting" in graph["skillsynth.stages.train"]


def test_no_import_cycle() -> None:
    try:
        graphlib.TopologicalSorter(import_graph()).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_a_cycle_is_found() -> None:
    with pytest.raises(graphlib.CycleError):
        graphlib.TopologicalSorter(
            {**import_graph(), "skillsynth.contract": {"skillsynth.inference.scoring"}}
        ).prepare()


@pytest.mark.parametrize("module", INFERENCE)
def test_inference_loads_no_training_stage_or_generator_code(module: str) -> None:
    loaded = sorted(
        name
        for name in reachable(module)
        if any(name == banned or name.startswith(f"{banned}.") for banned in NOT_FOR_INFERENCE)
    )
    assert not loaded, f"{module} imports {loaded}"
