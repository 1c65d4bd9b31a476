"""Which phrase variants are held out of training, so evaluation can see wording the models never saw.

Every skill move says each strength in several variants, and every unhelpful move in a few. One
variant of each (the one a hash of its move and tier picks, so it never depends on the order of a
run) is *held out*: responses marked ``seen`` never use it, responses marked ``unseen`` use only
held-out variants. The split puts every ``unseen`` response in the test part, so
``unseen_wording_r2`` measures the models on phrasings that no training row contains.
"""

from __future__ import annotations

import zlib

from skillsynth.contract import WORDINGS

SEEN, UNSEEN = WORDINGS
MIN_VARIANTS_TO_HOLD_OUT = 2  # a move said only one way keeps that way on both sides


def held_out_variant(key: str, size: int) -> int | None:
    """The index of the held-out variant among ``size`` variants of ``key`` (move and tier), or None."""
    if size < MIN_VARIANTS_TO_HOLD_OUT:
        return None
    return zlib.crc32(key.encode()) % size


def usable_variants(key: str, size: int, wording: str) -> tuple[int, ...]:
    """Indices of the variants a response of ``wording`` may use."""
    held_out = held_out_variant(key, size)
    if held_out is None:
        return tuple(range(size))
    if wording == UNSEEN:
        return (held_out,)
    if wording == SEEN:
        return tuple(i for i in range(size) if i != held_out)
    raise ValueError(f"wording {wording!r} is not one of {list(WORDINGS)}")
