"""Which install extra brings each optional import, so a missing one stops with the command that fixes it."""

from __future__ import annotations

# Top-level module -> the extra in pyproject.toml that installs it (a test keeps the two in step).
EXTRA_OF_MODULE = {
    "dvc": "pipeline",
    "great_expectations": "pipeline",
    "jinja2": "pipeline",
    "fastapi": "serve",
    "uvicorn": "serve",
    "openai": "llm",
    "platformdirs": "llm",
    "dask": "dask",
    "distributed": "dask",
}


def missing_extra_message(module: str | None) -> str | None:
    """One line naming the extra to install for ``module``, or None when no extra provides it."""
    top = (module or "").split(".")[0]
    extra = EXTRA_OF_MODULE.get(top)
    if extra is None:
        return None
    return (
        f"the {top!r} package is not installed; it comes with the {extra!r} extra: "
        f"pip install 'skillsynth[{extra}]' (`make setup` installs every extra)"
    )
