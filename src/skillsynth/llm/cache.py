"""The answer cache: one JSON file per validated LLM answer, keyed by everything that determines it."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skillsynth.files import write_json

CACHE_FORMAT = 1  # bump when an entry's layout or the key's recipe changes
log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """The user cache dir (outside the repo, so queued and --temp experiments share it)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("skillsynth")) / "llm"


def resolve_cache_dir(configured: str | None) -> Path:
    """``llm.cache_dir`` with ``~`` expanded, or the default when it is null."""
    return Path(configured).expanduser() if configured else default_cache_dir()


def answer_key(
    model: str,
    messages: Sequence[Mapping[str, str]],
    schema: Mapping[str, Any],
    temperature: float,
    seed: int,
) -> str:
    """sha256 over what determines an answer: model, messages, schema, temperature and sample seed.

    The server's address and the API key are left out on purpose: the key must never reach a
    file, and the same model answers the same question wherever it is served.
    """
    recipe = {
        "format": CACHE_FORMAT,
        "model": model,
        "messages": [dict(m) for m in messages],
        "schema": schema,
        "temperature": float(temperature),
        "seed": int(seed),
    }
    canonical = json.dumps(recipe, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    """An answer as first received, with what it cost then."""

    answer: dict[str, Any]
    tokens_in: int
    tokens_out: int
    cost_usd: float


class AnswerCache:
    """Answers stored under ``root/<first 2 hex>/<key>.json``, each written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        """Where the answer for ``key`` lives."""
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for ``key``, or None when absent or unreadable (then it is asked again)."""
        path = self.path(key)
        try:
            entry = json.loads(path.read_text())
            return CachedAnswer(
                dict(entry["answer"]), int(entry["tokens_in"]), int(entry["tokens_out"]), float(entry["cost_usd"])
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("llm cache: %s unreadable (%s); asking again", path, error)
            return None

    def put(self, key: str, model: str, cached: CachedAnswer) -> None:
        """Store ``cached`` for ``key`` (temp file + rename: a crash never leaves half an entry)."""
        entry = {
            "format": CACHE_FORMAT,
            "model": model,
            "answer": cached.answer,
            "tokens_in": cached.tokens_in,
            "tokens_out": cached.tokens_out,
            "cost_usd": cached.cost_usd,
        }
        write_json(entry, self.path(key))

    def __len__(self) -> int:
        return sum(1 for _ in self.root.glob("??/[0-9a-f]*.json")) if self.root.is_dir() else 0
