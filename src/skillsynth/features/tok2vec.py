"""Token vectors of spaCy's window-CNN ``tok2vec``, each distinct context computed once: the same numbers, less work.

The English pipelines' ``tok2vec`` (``MultiHashEmbed`` + ``MaxoutWindowEncoder``) embeds each token from
its own attributes, then runs residual layers that each mix a token's vector with its neighbours'
(a window of one on each side). thinc lays a batch out as one array with ``pad`` zero rows before,
between and after the docs, and ``pad`` equals the encoder's depth, so a token's vector after the
last layer depends only on the tokens (or pad rows) within ``depth`` positions of it.

``MemoTok2Vec`` follows that arithmetic, layer by layer, over the distinct contexts of a batch: it
embeds each distinct token once, and at layer k computes each distinct (left, self, right) triple of
layer k-1 vectors once, with the pipeline's own thinc layers. Generated sentences share most of
their words and phrases, so a batch holds far fewer distinct contexts than tokens. Each row of a
layer is computed on its own (a matrix product, a maximum, a norm over the row), so the vectors are
the ones the component would set in a batch of more than a sentence or two, bit for bit (tested;
see ``MIN_ROWS``); the tagger and parser then read them from ``doc.tensor`` as they do after the
component.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model

_EMBED_LAYERS = ("extract_features", "list2ragged", "with_array", "with_array", "ragged2list")
# Fewest rows of a product. OpenBLAS multiplies very small products (here, up to about a dozen rows)
# with kernels of their own that round differently; the component's products are that small only for
# a batch of one short sentence, and its vectors then differ in the last bit (found by the tests).
MIN_ROWS = 128


def _predict_rows(layers: Sequence[Model], rows: np.ndarray) -> np.ndarray:
    """``rows`` through ``layers``, at least ``MIN_ROWS`` at a time (zero rows added, then dropped): BLAS
    libraries take another path, which rounds differently, for very small products."""
    padded = np.concatenate((rows, np.zeros((max(0, MIN_ROWS - len(rows)), *rows.shape[1:]), dtype=rows.dtype)))
    for layer in layers:
        padded = layer.predict(padded)
    return padded[: len(rows)]


def _pair_ids(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each position's pair of ids (both below 2**31) as an id of its own, and each distinct pair's first
    and second id, in order of first appearance (a hash table: no sort)."""
    codes, distinct = pd.factorize((first.astype(np.int64) << 32) | second.astype(np.int64))
    return codes, distinct >> 32, distinct & 0xFFFFFFFF


def _row_ids(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's id among the distinct rows of ``table``, and one position of each distinct row."""
    codes, _ = pd.factorize(table[:, 0])
    for column in table.T[1:]:
        codes = _pair_ids(codes, pd.factorize(column)[0])[0]
    position = np.empty(codes.max() + 1 if len(codes) else 0, dtype=np.int64)
    position[codes] = np.arange(len(codes))
    return codes, position


class MemoTok2Vec:
    """Sets ``doc.tensor`` as the ``tok2vec`` component of ``nlp`` would, one layer at a time over
    distinct contexts. ``from_pipeline`` returns None for a tok2vec of another architecture."""

    def __init__(self, extract: Model, embed_layers: Sequence[Model], blocks: Sequence[Model], pad: int) -> None:
        self._extract = extract
        self._embed_layers = list(embed_layers)
        self._blocks = list(blocks)  # each block's layers after its window expansion
        self._pad = pad

    @classmethod
    def from_pipeline(cls, nlp: Language, name: str = "tok2vec") -> MemoTok2Vec | None:
        """The memo for component ``name`` of ``nlp``, or None when it is missing or not the window CNN
        this follows (there, use the component itself)."""
        if name not in nlp.pipe_names:
            return None
        model = nlp.get_pipe(name).model  # type: ignore[attr-defined]  # get_pipe is typed as a callable
        if len(model.layers) != 2:
            return None
        embed, encode = model.layers
        if tuple(layer.name.split("(")[0] for layer in embed.layers) != _EMBED_LAYERS:
            return None
        pad = encode.attrs.get("pad", 0)
        blocks = encode.layers[0].layers if encode.name.startswith("with_array") else []
        inner = []
        for block in blocks:
            chain = block.layers[0] if block.name.startswith("residual") and block.layers else None
            if chain is None or len(chain.layers) != 2 or chain.layers[0].name != "expand_window":
                return None
            if chain.layers[0].attrs.get("window_size") != 1:
                return None
            inner.append(chain.layers[1])
        if not inner or pad != len(inner):  # thinner padding would let docs see each other
            return None
        return cls(embed.layers[0], embed.layers[2:4], inner, pad)

    def _embed(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray]:
        """Layer-0 vectors: a table (row 0 zero, for pads) and each token's row in it."""
        features = np.concatenate(self._extract.predict(list(docs)))
        inverse, position = _row_ids(features)
        vectors = _predict_rows(self._embed_layers, features[position])
        table = np.zeros((len(vectors) + 1, vectors.shape[1]), dtype=vectors.dtype)
        table[1:] = vectors
        return table, inverse + 1

    def set_tensors(self, docs: Sequence[Doc]) -> None:
        """Give each doc of ``docs`` its token vectors as ``doc.tensor``."""
        lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
        filled = lengths > 0  # thinc leaves empty docs out of the layout, pads and all
        if not filled.any():
            for doc in docs:
                doc.tensor = np.zeros((0, self._blocks[-1].get_dim("nO")), dtype=np.float32)
            return
        table, token_rows = self._embed([doc for doc in docs if len(doc)])
        # The layout thinc's with_array(pad=...) builds: pad rows, a doc, pad rows, a doc, ..., pad rows.
        kept = lengths[filled]
        positions = int(kept.sum() + self._pad * (len(kept) + 1))
        if positions >= 2**31:
            raise ValueError(f"{positions} token positions in one batch; expected fewer than 2**31")
        is_token = np.zeros(positions, dtype=bool)
        is_token[np.arange(kept.sum()) + self._pad * np.repeat(np.arange(1, len(kept) + 1), kept)] = True
        # Row 0 of every layer's table is the zero vector: the pad rows' vector at layer 0, and what
        # thinc's window sees past either end of the array at every layer.
        rows = np.zeros(positions, dtype=np.int64)
        rows[is_token] = token_rows
        for depth, block in enumerate(self._blocks, start=1):
            left = np.concatenate(([0], rows[:-1]))
            right = np.concatenate((rows[1:], [0]))
            needed = is_token if depth == len(self._blocks) else slice(None)
            left_self_of, lefts, selves = _pair_ids(left[needed], rows[needed])
            window_of, left_self, rights = _pair_ids(left_self_of, right[needed])
            # (left, self, right) rows side by side: what thinc's expand_window makes of the array
            window = table[np.stack([lefts[left_self], selves[left_self], rights], axis=1)]
            mixed = window[:, 1] + _predict_rows([block], window.reshape(len(window), -1))  # the residual connection
            table = np.concatenate((np.zeros((1, mixed.shape[1]), dtype=mixed.dtype), mixed))
            if depth < len(self._blocks):
                rows = window_of + 1
            else:
                token_rows = window_of + 1
        vectors = table[token_rows]
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        for doc, start, end in zip(docs, offsets[:-1].tolist(), offsets[1:].tolist(), strict=True):
            doc.tensor = vectors[start:end]
