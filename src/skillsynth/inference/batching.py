"""Micro-batching: the sessions of requests that arrive while one batch is scored are scored together next."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import pandas as pd
from starlette.concurrency import run_in_threadpool

log = logging.getLogger(__name__)


class MicroBatcher:
    """Scores requests' session tables one batch at a time, in a worker thread (spaCy's pipeline is
    not documented thread-safe, so one batch runs at a time). A request that arrives while a batch is
    scored waits for the next one, which takes every waiting request up to ``max_sessions`` sessions:
    one ``score`` call for several clients, and no added wait when requests come one by one.

    ``score`` must score each row on its own (the result of a row never depends on the other rows).
    Use it from one event loop.
    """

    def __init__(self, score: Callable[[pd.DataFrame], pd.DataFrame], max_sessions: int) -> None:
        self._score = score
        self._max_sessions = max_sessions
        self._waiting: list[tuple[pd.DataFrame, asyncio.Future[pd.DataFrame]]] = []
        self._draining: asyncio.Task[None] | None = None
        self.batches = 0  # scoring calls made, for tests and logs

    async def score(self, sessions: pd.DataFrame) -> pd.DataFrame:
        """The scores of ``sessions`` (index 0..n-1), once the batch holding them is scored."""
        future: asyncio.Future[pd.DataFrame] = asyncio.get_running_loop().create_future()
        self._waiting.append((sessions, future))
        if self._draining is None or self._draining.done():
            self._draining = asyncio.create_task(self._drain())
        return await future

    def _next_batch(self) -> list[tuple[pd.DataFrame, asyncio.Future[pd.DataFrame]]]:
        """The waiting requests that fit in one batch (always at least one), oldest first."""
        batch: list[tuple[pd.DataFrame, asyncio.Future[pd.DataFrame]]] = []
        size = 0
        while self._waiting and (not batch or size + len(self._waiting[0][0]) <= self._max_sessions):
            sessions, future = self._waiting.pop(0)
            if not future.done():  # a request whose client went away is dropped
                batch.append((sessions, future))
                size += len(sessions)
        return batch

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._next_batch()
            if not batch:
                continue
            frame = pd.concat([sessions for sessions, _ in batch], ignore_index=True)
            started = time.perf_counter()
            try:
                scores = await run_in_threadpool(self._score, frame)
            except Exception as error:  # every request of the batch gets the failure
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            finally:
                self.batches += 1
                log.debug(
                    "serve: scored a batch of %d sessions from %d requests in %.1f ms",
                    len(frame),
                    len(batch),
                    1000 * (time.perf_counter() - started),
                )
            start = 0
            for sessions, future in batch:
                part = scores.iloc[start : start + len(sessions)].reset_index(drop=True)
                start += len(sessions)
                if not future.done():
                    future.set_result(part)
