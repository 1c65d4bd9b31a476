"""The answer cache: a key over exactly what determines an answer, atomic entries, a user-level default dir."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from skillsynth.llm.cache import AnswerCache, CachedAnswer, answer_key, default_cache_dir, resolve_cache_dir

MESSAGES = ({"role": "system", "content": "Rate it."}, {"role": "user", "content": "I helped."})
SCHEMA = {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"], "additionalProperties": False}
BASE = {"model": "gpt-4o-mini", "messages": MESSAGES, "schema": SCHEMA, "temperature": 0.0, "seed": 42}


def test_key_is_a_stable_sha256() -> None:
    key = answer_key(**BASE)
    assert len(key) == 64 and int(key, 16) >= 0
    assert answer_key(**BASE) == key
    assert answer_key(**{**BASE, "messages": [dict(m) for m in MESSAGES], "temperature": 0}) == key


@pytest.mark.parametrize(
    "change",
    [
        {"model": "gpt-4o"},
        {"messages": (MESSAGES[0], {"role": "user", "content": "I helped!"})},
        {"schema": {**SCHEMA, "required": []}},
        {"temperature": 0.7},
        {"seed": 43},
    ],
)
def test_key_changes_with_everything_that_determines_the_answer(change: dict) -> None:
    assert answer_key(**{**BASE, **change}) != answer_key(**BASE)


def test_key_takes_nothing_that_could_hold_a_secret() -> None:
    assert list(inspect.signature(answer_key).parameters) == ["model", "messages", "schema", "temperature", "seed"]


def test_entries_round_trip_atomically(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "llm")
    key = answer_key(**BASE)
    assert cache.get(key) is None and len(cache) == 0
    cache.put(key, "gpt-4o-mini", CachedAnswer({"x": 0.5}, 120, 30, 0.0000360))
    assert cache.get(key) == CachedAnswer({"x": 0.5}, 120, 30, 0.0000360)
    assert cache.path(key) == tmp_path / "llm" / key[:2] / f"{key}.json"
    assert [p.name for p in cache.path(key).parent.iterdir()] == [f"{key}.json"]  # no temp file left
    assert len(cache) == 1


@pytest.mark.parametrize("content", ["", "{", "[]", '{"answer": {}}', '{"answer": 1, "tokens_in": 1}'])
def test_an_unreadable_entry_is_a_miss(tmp_path: Path, content: str) -> None:
    cache = AnswerCache(tmp_path)
    key = answer_key(**BASE)
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_text(content)
    assert cache.get(key) is None


def test_default_dir_is_the_user_cache_outside_the_repo(monkeypatch, tmp_path: Path, repo: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "skillsynth" / "llm"
    assert resolve_cache_dir(None) == default_cache_dir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_cache_dir("~/answers") == tmp_path / "home" / "answers"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert repo not in default_cache_dir().parents
