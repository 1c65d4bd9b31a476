"""A local OpenAI-compatible Chat Completions server for tests, with scriptable faults and a request log."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Behaviours a request can get. The queue serves the next requests in arrival order; the
# default serves every request after it.
NORMAL = "normal"
RATE_LIMITED = "429"  # HTTP 429 with Retry-After
SERVER_ERROR = "500"
SLOW = "slow"  # a normal answer after `slow_seconds`
MALFORMED = "malformed"  # content that is not JSON
OUT_OF_RANGE = "score 1.5"  # a judgement with empathy scored 1.5
EXPENSIVE = "expensive"  # a normal answer billed at 1M completion tokens

SENTENCES = (
    "I saw that my friend looked sad so I sat next to them",
    "um, I got really mad at first but then I took a deep breath",
    "we tried the bridge puzzle again and changed the order of the blocks",
    "I kept going even though I fell off the level a bunch of times",
    "I asked them if they wanted to play with us at recess",
    "like, I did not know what to do so I just waited",
    "I think I counted to ten and then I said it was okay",
    "after that we made a plan and it finally worked",
    "I was kind of embarrassed but I tried one more time",
    "my teacher helped me and then I did it by myself",
    "I told him good job even though his tower fell",
    "honestly I wanted to quit but I remembered I got better last time",
)


@dataclass
class Seen:
    """One request as the server saw it."""

    at: float
    behaviour: str
    authorization: str
    body: dict[str, Any] = field(repr=False)


class FakeOpenAI:
    """Serves POST /v1/chat/completions on 127.0.0.1; ``url`` is the base_url to give the SDK."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.queue: deque[str] = deque()
        self.default = NORMAL
        self.retry_after = "0.2"
        self.slow_seconds = 3.0
        self.expected_key: str | None = None  # if set, other keys get a 401 that echoes them
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *first: str, default: str = NORMAL) -> None:
        """Serve ``first`` to the next requests, then ``default``; forget what was seen."""
        with self.lock:
            self.queue = deque(first)
            self.default = default
            self.seen = []
            self.max_in_flight = 0

    @property
    def requests(self) -> int:
        with self.lock:
            return len(self.seen)

    def count(self, behaviour: str) -> int:
        with self.lock:
            return sum(seen.behaviour == behaviour for seen in self.seen)

    def next_behaviour(self, body: dict[str, Any], authorization: str) -> str:
        with self.lock:
            behaviour = self.queue.popleft() if self.queue else self.default
            self.seen.append(Seen(time.monotonic(), behaviour, authorization, body))
            return behaviour

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being answered (slow answers the client gave up on included)."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.05)

    def entered(self, delta: int) -> None:
        with self.lock:
            self.in_flight += delta
            self.max_in_flight = max(self.max_in_flight, self.in_flight)


def _digest(*parts: Any) -> int:
    return int(hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12], 16)


def _text(seed: int) -> str:
    count = 2 + seed % 3
    picks = [SENTENCES[(seed // 7**i) % len(SENTENCES)] for i in range(count)]
    return " ".join(f"{p[0].upper()}{p[1:]}." for p in picks)


def answer_content(body: dict[str, Any], behaviour: str) -> str:
    """What the model says: a deterministic answer that fits the request's schema."""
    if behaviour == MALFORMED:
        return '{"student_1": "I was sad and'
    schema_format = body["response_format"]["json_schema"]
    properties = schema_format["schema"]["properties"]
    base = _digest(body["messages"][-1]["content"], body.get("seed"))
    if schema_format["name"] == "student_responses":
        return json.dumps({name: _text(base + number * 7919) for number, name in enumerate(properties)})
    scores = {}
    for number, skill in enumerate(properties):
        score = round(0.05 + 0.9 * ((base >> (number * 8)) % 101) / 100, 2)
        if behaviour == OUT_OF_RANGE and skill == "empathy":
            score = 1.5
        scores[skill] = {"score": score, "rationale": f"The child gave some evidence of {skill.replace('_', ' ')}."}
    return json.dumps(scores)


def _handler_for(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                return
            authorization = self.headers.get("Authorization", "")
            behaviour = server.next_behaviour(body, authorization)
            server.entered(+1)
            try:
                self._answer(body, behaviour, authorization)
            finally:
                server.entered(-1)

        def _answer(self, body: dict[str, Any], behaviour: str, authorization: str) -> None:
            if server.expected_key and authorization != f"Bearer {server.expected_key}":
                given = authorization.removeprefix("Bearer ")
                self._send(
                    401,
                    {
                        "error": {
                            "message": f"Incorrect API key provided: {given}.",
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }
                    },
                )
                return
            if behaviour == RATE_LIMITED:
                self._send(
                    429,
                    {"error": {"message": "Rate limit reached", "type": "rate_limit_exceeded"}},
                    {"Retry-After": server.retry_after},
                )
                return
            if behaviour == SERVER_ERROR:
                self._send(500, {"error": {"message": "The server had an error", "type": "server_error"}})
                return
            if behaviour == SLOW:
                time.sleep(server.slow_seconds)
            content = answer_content(body, behaviour)
            prompt_tokens = len(json.dumps(body["messages"])) // 4
            completion_tokens = 1_000_000 if behaviour == EXPENSIVE else len(content) // 4
            self._send(
                200,
                {
                    "id": f"chatcmpl-fake-{server.requests}",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content, "refusal": None},
                            "finish_reason": "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": completion_tokens,
                        "total_tokens": prompt_tokens + completion_tokens,
                    },
                },
            )

    return Handler
