"""Checking an LLM's answer against its pydantic model: malformed or out-of-range answers are errors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError


class AnswerError(ValueError):
    """An answer that cannot be used; ``kind`` groups failures, the message says what was wrong."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def parse_answer(content: str | None, model: type[BaseModel], refusal: str | None = None) -> dict[str, Any]:
    """The answer ``content`` validated by ``model``, as plain JSON-ready values."""
    if refusal:
        raise AnswerError("refusal", " ".join(refusal.split())[:200])
    if not content or not content.strip():
        raise AnswerError("empty answer", "the message had no content")
    try:
        return model.model_validate_json(content).model_dump(mode="json")
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "json_invalid":
            raise AnswerError("malformed JSON", first["msg"]) from None
        where = ".".join(str(part) for part in first["loc"]) or "answer"
        value = first.get("input")
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise AnswerError("invalid answer", f"{where} = {shown}: {first['msg']}") from None
