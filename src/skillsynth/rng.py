"""Random generators keyed by seed, stage and sample block, so results never depend on order or workers."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np

BLOCK_SIZE = 1024  # samples per independently seeded block; fixed so outputs never change with it


def stage_rng(seed: int, stage: str, block: int = 0) -> np.random.Generator:
    """A generator for ``stage``'s block ``block`` of samples, independent of every other stream."""
    return np.random.default_rng([seed, zlib.crc32(stage.encode()), block])


def sample_blocks(
    seed: int, stage: str, count: int, first_block: int = 0
) -> Iterator[tuple[slice, np.random.Generator]]:
    """Yield each block of ``count`` samples with its own generator.

    The samples are blocks ``first_block``, ``first_block + 1``, ... of the whole data set, so a
    block-aligned part of it (a partition on a cluster worker) draws what the whole would.
    """
    for offset, start in enumerate(range(0, count, BLOCK_SIZE)):
        yield slice(start, min(start + BLOCK_SIZE, count)), stage_rng(seed, stage, first_block + offset)
