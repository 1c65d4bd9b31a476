"""Bearer-key authentication of the service's API: which paths need the key, and a constant-time check."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from skillsynth.inference.api_errors import error_response

OPEN_PATHS = frozenset({"/api/v1/health"})  # liveness stays open to probes; /docs and the schema are public
PROTECTED_PREFIX = "/api/v1/"


def _digest(key: bytes) -> bytes:
    # Comparing digests of equal length: the time taken reveals neither the key nor its length.
    return hashlib.sha256(key).digest()


class BearerKeyAuth:
    """ASGI middleware: requests to the API (but not /api/v1/health) must carry
    ``Authorization: Bearer <key>``, else 401 in the documented error shape, before the body is read."""

    def __init__(self, app: Any, api_key: str) -> None:
        self.app = app
        self._expected = _digest(api_key.encode("utf-8"))

    def _refusal(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        """Why the request is refused, or None when it carries the key."""
        given = [value for name, value in headers if name.lower() == b"authorization"]
        if not given:
            return "missing; send `Authorization: Bearer <key>`"
        scheme, _, token = given[0].strip().partition(b" ")
        if scheme.lower() != b"bearer" or not token.strip():
            return "not a bearer key; send `Authorization: Bearer <key>`"
        if not hmac.compare_digest(_digest(token.strip()), self._expected):
            return "the key is not the service's"
        return None

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(PROTECTED_PREFIX) and path not in OPEN_PATHS:
            refusal = self._refusal(scope["headers"])
            if refusal is not None:
                response = error_response(401, "headers.authorization", refusal, {"WWW-Authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
