"""The README and docs/: a short README that keeps the set-up commands CI runs, and links that resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
README_MAX_LINES = 200
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")  # [text](target)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def prose(markdown: str) -> str:
    """``markdown`` without its fenced code blocks, where brackets are code, not links."""
    return FENCE.sub("", markdown)


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation but ``-`` and ``_`` dropped, spaces to ``-``."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(prose(path.read_text(encoding="utf-8")))}


def relative_links(path: Path) -> list[str]:
    """The links of ``path`` that point inside the repository (no scheme, not mail)."""
    return [
        target
        for target in LINK.findall(prose(path.read_text(encoding="utf-8")))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target)
    ]


def test_readme_is_at_most_200_lines() -> None:
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines; expected at most {README_MAX_LINES}: move detail into docs/"
    )


def test_readme_shows_the_two_set_up_commands_that_the_makefile_and_ci_run() -> None:
    readme, makefile = README.read_text(encoding="utf-8"), (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^make {target}\b", readme, re.MULTILINE), f"README.md: no `make {target}` line"
        assert re.search(rf"^{target}: setup$", makefile, re.MULTILINE), f"Makefile: `{target}` does not set up first"
    assert (ROOT / ".ci/run").read_text(encoding="utf-8").rstrip().endswith("make test")


def test_there_are_docs_and_the_readme_links_every_one() -> None:
    linked = {(README.parent / target.split("#")[0]).resolve() for target in relative_links(README)}
    assert DOCS and not [doc.name for doc in DOCS if doc.resolve() not in linked]


@pytest.mark.parametrize("page", [README, *DOCS], ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_points_to_an_existing_file_and_heading(page: Path) -> None:
    broken = []
    for target in relative_links(page):
        file, _, fragment = target.partition("#")
        destination = (page.parent / file).resolve() if file else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            broken.append(f"{target}: no heading #{fragment} in {destination.name}")
    assert not broken, f"{page.relative_to(ROOT)}: broken links: {broken}"


def test_anchor_follows_github() -> None:
    assert anchor("Scoring new sessions: `predict` and `serve`") == "scoring-new-sessions-predict-and-serve"
    assert anchor("Past one machine: `compute=dask`") == "past-one-machine-computedask"
    assert anchor("Out-of-distribution flags") == "out-of-distribution-flags"
