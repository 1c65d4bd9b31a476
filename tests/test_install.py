"""The install: a portable universal lock that agrees with pyproject.toml, extras that hold their parts."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from skillsynth.extras import EXTRA_OF_MODULE, missing_extra_message

REPO = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")
PLATFORMS = ("linux", "darwin", "win32")
MACHINE_SPECIFIC = re.compile(r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host)\b|file:/")


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def lock_lines() -> list[str]:
    return [line for line in (REPO / "requirements.lock").read_text().splitlines() if line and line[0] not in "# "]


def environment(python: str, platform: str) -> dict[str, str]:
    """Marker values of CPython ``python`` on ``platform`` (x86-64)."""
    return {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "sys_platform": platform,
        "platform_system": {"linux": "Linux", "darwin": "Darwin", "win32": "Windows"}[platform],
        "os_name": "nt" if platform == "win32" else "posix",
        "platform_machine": "x86_64",
        "extra": "",
    }


def pins_for(env: dict[str, str]) -> dict[str, Version]:
    """Package -> pinned version that the lock installs in ``env``; one version per package."""
    pins: dict[str, Version] = {}
    for line in lock_lines():
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(env):
            (pin,) = requirement.specifier
            name = canonicalize_name(requirement.name)
            assert name not in pins, f"requirements.lock: {name} pinned twice for {env['sys_platform']}"
            pins[name] = Version(pin.version)
    return pins


def test_lock_holds_no_machine_specific_lines() -> None:
    text = (REPO / "requirements.lock").read_text()
    assert not [line for line in text.splitlines() if MACHINE_SPECIFIC.search(line)]
    assert all("==" in line for line in lock_lines()), "every line of the lock pins one version"


def test_supported_pythons_are_declared() -> None:
    project = pyproject()
    assert project["requires-python"] == ">=3.11,<3.14"
    assert {f"Programming Language :: Python :: {v}" for v in PYTHONS} <= set(project["classifiers"])


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_lock_satisfies_every_requirement_and_extra_on_each_python_and_platform(python, platform) -> None:
    env = environment(python, platform)
    pins = pins_for(env)
    project = pyproject()
    declared = [*project["dependencies"], *(r for reqs in project["optional-dependencies"].values() for r in reqs)]
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name == "skillsynth" or (requirement.marker is not None and not requirement.marker.evaluate(env)):
            continue
        assert name in pins, f"requirements.lock has no {name} for Python {python} on {platform}"
        assert pins[name] in requirement.specifier, f"requirements.lock: {name}=={pins[name]} breaks {text!r}"


def test_xgboost_is_the_cpu_build_on_linux_and_the_same_release_elsewhere() -> None:
    linux, mac = pins_for(environment("3.11", "linux")), pins_for(environment("3.13", "darwin"))
    assert "xgboost-cpu" in linux and "xgboost" not in linux
    assert "xgboost" in mac and "xgboost-cpu" not in mac
    assert linux["xgboost-cpu"] == mac["xgboost"]


def test_scikit_learn_floor_has_grouped_k_fold_with_shuffle() -> None:
    (sklearn,) = [Requirement(r) for r in pyproject()["dependencies"] if r.startswith("scikit-learn")]
    assert Version("1.5.2") not in sklearn.specifier and Version("1.6.0") in sklearn.specifier


def test_dask_extra_holds_the_dataframe_and_distributed_parts() -> None:
    (dask,) = [Requirement(r) for r in pyproject()["optional-dependencies"]["dask"]]
    assert {"dataframe", "distributed"} <= dask.extras


def test_serve_extra_holds_no_pipeline_llm_or_dask_package() -> None:
    extras = pyproject()["optional-dependencies"]
    lean = {canonicalize_name(Requirement(r).name) for r in [*pyproject()["dependencies"], *extras["serve"]]}
    heavy = {canonicalize_name(Requirement(r).name) for name in ("pipeline", "llm", "dask") for r in extras[name]}
    assert {"fastapi", "uvicorn"} <= lean and not lean & heavy
    assert {"dvc", "great-expectations", "openai", "dask"} <= heavy


@pytest.mark.parametrize("module", sorted(EXTRA_OF_MODULE))
def test_each_optional_module_comes_with_the_extra_the_error_names(module) -> None:
    distribution = canonicalize_name(packages_distributions()[module][0])
    requirements = [Requirement(r) for r in pyproject()["optional-dependencies"][EXTRA_OF_MODULE[module]]]
    provided = {canonicalize_name(r.name) for r in requirements} | {e for r in requirements for e in r.extras}
    assert distribution in provided
    assert f"skillsynth[{EXTRA_OF_MODULE[module]}]" in missing_extra_message(f"{module}.sub")


def test_an_import_no_extra_provides_is_not_explained_away() -> None:
    assert missing_extra_message("pandas") is None and missing_extra_message(None) is None


def test_a_missing_extra_stops_a_command_with_one_line_naming_it(tmp_path) -> None:
    table = tmp_path / "table.csv"
    table.write_text("sample_id\ns1\n")
    code = (
        "import sys; sys.modules['great_expectations'] = None; from skillsynth.cli import main; "
        f"sys.exit(main(['validate', '--suite', 'training', {str(table)!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "", "PYTHONPATH": str(REPO / "src"), "GX_ANALYTICS_ENABLED": "false"},
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "skillsynth validate: error: the 'great_expectations' package is not installed; it comes with the "
        "'pipeline' extra: pip install 'skillsynth[pipeline]' (`make setup` installs every extra)"
    )
    assert "Traceback" not in done.stderr
