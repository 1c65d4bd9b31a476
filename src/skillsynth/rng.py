"""Random generators keyed by seed, stage and sample block, so results never depend on order or workers."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np

BLOCK_SIZE = 1024  # samples per independently seeded block; fixed so outputs never change with it


def stage_rng(seed: int, stage: str, block: int = 0) -> np.random.Generator:
    """A generator for ``stage``'s block ``block`` of samples, independent of every other stream."""
    return np.random.default_rng([seed, zlib.crc32(stage.encode()), block])


def sample_blocks(seed: int, stage: str, count: int) -> Iterator[tuple[slice, np.random.Generator]]:
    """Yield each block of ``count`` samples with its own generator."""
    for block, start in enumerate(range(0, count, BLOCK_SIZE)):
        yield slice(start, min(start + BLOCK_SIZE, count)), stage_rng(seed, stage, block)
