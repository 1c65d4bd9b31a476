"""`make lint` inside the suite: ruff's rules and format over src/, tests/ and bench/, and mypy over the
package. Here, they run on one worker while the other runs tests, instead of before all of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

LINTERS = {  # the Makefile's `lint` target runs the same commands
    "ruff rules": ("ruff", "check", "src", "tests", "bench"),
    "ruff format": ("ruff", "format", "--check", "src", "tests", "bench"),
    "mypy": ("mypy", "src/skillsynth"),
}


@pytest.mark.parametrize("linter", list(LINTERS))
def test_the_code_is_clean(repo: Path, linter: str) -> None:
    tool, *arguments = LINTERS[linter]
    done = subprocess.run(
        [str(Path(sys.executable).parent / tool), *arguments], cwd=repo, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{linter} found problems (`make lint` shows them):\n{done.stdout}{done.stderr}"


def test_the_makefile_lints_with_the_same_commands(repo: Path) -> None:
    recipe = (repo / "Makefile").read_text().split("\nlint: setup\n", 1)[1].split("\n\n", 1)[0]
    for tool, *arguments in LINTERS.values():
        assert f"$(BIN)/{tool} {' '.join(arguments)}" in recipe, (tool, recipe)
