"""The universal POS tags a pipeline's attribute ruler assigns, found once per distinct token instead of per token.

spaCy's English pipelines get POS from an ``attribute_ruler``: Matcher patterns over the tagger's
TAG, the word and its dependency label. Running it on every parsed sentence costs a quarter of
the parse. Almost every pattern reads a single token, and its verdict depends only on that
token's text, TAG and DEP, so ``RulerPos`` runs those patterns (with spaCy's own Matcher) once per
distinct (text, TAG, DEP) and looks the verdict up afterwards. Patterns that read more than one
token, or attributes not fixed by the text, run on each doc as before. As in the ruler, when
several patterns match a token the one added last wins.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

# Pattern keys whose value is fixed by the token's text (ORTH), its TAG or its DEP.
_PER_TOKEN_KEYS = frozenset(
    {
        "ORTH",
        "TEXT",
        "LOWER",
        "LENGTH",
        "IS_ALPHA",
        "IS_ASCII",
        "IS_DIGIT",
        "IS_LOWER",
        "IS_UPPER",
        "IS_TITLE",
        "IS_PUNCT",
        "IS_SPACE",
        "IS_STOP",
        "LIKE_NUM",
        "LIKE_URL",
        "LIKE_EMAIL",
        "SHAPE",
        "PREFIX",
        "SUFFIX",
        "TAG",
        "DEP",
    }
)
SIGNATURE_ATTRS = [ORTH, TAG, DEP]
NO_MATCH = -1


def _reads_one_token(patterns: list[list[dict]]) -> bool:
    return all(
        len(pattern) == 1 and "OP" not in pattern[0] and set(pattern[0]) <= _PER_TOKEN_KEYS for pattern in patterns
    )


class RulerPos:
    """POS ids the attribute ruler ``ruler_name`` of ``nlp`` would set, for docs parsed without it."""

    def __init__(self, nlp: Language, ruler_name: str = "attribute_ruler") -> None:
        self._vocab = nlp.vocab
        self._one_token = Matcher(nlp.vocab)
        self._in_context = Matcher(nlp.vocab)
        # get_pipe is typed as a callable; an AttributeRuler's .patterns is typed looser than its entries
        entries = nlp.get_pipe(ruler_name).patterns  # type: ignore[attr-defined]
        self._pos_of_rank = np.zeros(len(entries), dtype=np.uint64)  # pattern rank -> POS id it sets
        self._index: dict[int, int] = {}  # pattern rank -> which token of the match gets the POS
        for rank, entry in enumerate(entries):
            if "POS" not in entry["attrs"]:
                continue  # the features read no morphology or lemmas
            pos = entry["attrs"]["POS"]
            self._pos_of_rank[rank] = POS_IDS[pos] if isinstance(pos, str) else pos
            self._index[rank] = entry["index"]
            matcher = self._one_token if _reads_one_token(entry["patterns"]) else self._in_context
            matcher.add(str(rank), entry["patterns"])
        self._verdicts: dict[tuple[int, int, int], int] = {}  # (ORTH, TAG, DEP) -> winning rank

    def _winning_rank(self, orth: int, tag: int, dep: int) -> int:
        strings = self._vocab.strings
        doc = Doc(
            self._vocab, words=[strings[orth]], spaces=[False], tags=[strings[tag]], deps=[strings[dep]], heads=[0]
        )
        ranks = [int(strings[match_id]) for match_id, _, _ in self._one_token(doc, allow_missing=True)]
        return max(ranks, default=NO_MATCH)

    def pos(self, docs: list[Doc]) -> np.ndarray:
        """POS ids of every token of ``docs`` (concatenated), as the ruler would leave them."""
        arrays = [doc.to_array([*SIGNATURE_ATTRS, POS]) for doc in docs]
        tokens = np.concatenate(arrays) if arrays else np.zeros((0, 4), dtype=np.uint64)
        signatures, inverse = np.unique(tokens[:, :3], axis=0, return_inverse=True)
        verdicts = self._verdicts
        ranks = []
        for orth, tag, dep in signatures.tolist():
            key = (orth, tag, dep)
            if key not in verdicts:
                verdicts[key] = self._winning_rank(orth, tag, dep)
            ranks.append(verdicts[key])
        rank = np.asarray(ranks, dtype=np.int64)[inverse.reshape(-1)]
        if len(self._in_context):
            offset = 0
            for doc in docs:
                for match_id, start, end in self._in_context(doc, allow_missing=True):
                    match_rank = int(self._vocab.strings[match_id])
                    position = offset + range(start, end)[self._index[match_rank]]
                    rank[position] = max(rank[position], match_rank)
                offset += len(doc)
        return np.where(rank == NO_MATCH, tokens[:, 3], self._pos_of_rank[np.maximum(rank, 0)])
