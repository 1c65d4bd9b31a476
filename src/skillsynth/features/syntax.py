"""Per-sentence syntax numbers from spaCy's tagger and parser: word classes, tree depth, subordinate clauses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
from spacy.attrs import DEP, HEAD, IS_PUNCT, IS_SPACE, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from skillsynth.features.pos import RulerPos
from skillsynth.features.tok2vec import MemoTok2Vec

# Which universal POS tags each share counts (the contract's *_ratio columns), in column order.
POS_SHARES: dict[str, frozenset[str]] = {
    "noun_ratio": frozenset({"NOUN", "PROPN"}),
    "verb_ratio": frozenset({"VERB", "AUX"}),
    "adjective_ratio": frozenset({"ADJ"}),
    "adverb_ratio": frozenset({"ADV"}),
    "pronoun_ratio": frozenset({"PRON"}),
}
SUBORDINATE_DEPS: frozenset[str] = frozenset({"advcl", "ccomp", "xcomp", "acl", "relcl"})
# Columns of the array ``sentence_syntax`` returns: words of each POS share, all words, deepest
# path, subordinate clauses.
SYNTAX_FIELDS: tuple[str, ...] = (*POS_SHARES, "words", "max_tree_depth", "subordinate_clauses")

_ATTRS = [POS, DEP, HEAD, IS_PUNCT, IS_SPACE]
_NO_CLASS = len(POS_SHARES)  # the class of every POS tag no share counts
_POS_CLASS = np.full(max(POS_IDS.values()) + 1, _NO_CLASS, dtype=np.int64)
for _index, _tags in enumerate(POS_SHARES.values()):
    _POS_CLASS[[POS_IDS[tag] for tag in _tags]] = _index
_SUBORDINATE_IDS = np.array(sorted(get_string_id(dep) for dep in SUBORDINATE_DEPS), dtype=np.uint64)


def tree_depths(heads: np.ndarray) -> np.ndarray:
    """Arcs from each token up to its root, for ``heads`` (each token's head index; a root heads itself).

    Pointer jumping: every round adds the depth of the current ancestor and jumps to its ancestor,
    so a forest of any shape needs about log2(depth) whole-array rounds.
    """
    parent = np.asarray(heads, dtype=np.int64)
    is_root = parent == np.arange(len(parent))
    depth = (~is_root).astype(np.int64)
    for _ in range(64):  # 2**64 arcs: only a cycle (not a tree) gets this far
        if is_root[parent].all():
            return depth
        depth = depth + depth[parent]
        parent = parent[parent]
    raise ValueError("heads do not form a forest: a token's chain of heads never reaches a root")


def sentence_syntax(docs: Sequence[Doc], pos: np.ndarray | None = None) -> np.ndarray:
    """One row of ``SYNTAX_FIELDS`` per parsed doc (each doc a sentence), as int64 counts.

    ``pos`` gives the POS id of every token of ``docs`` in order, when the docs carry none of
    their own. Only words (tokens neither punctuation nor space) are counted; depth is the most
    arcs on a path from a root down to a word, a root having depth 0.
    """
    arrays = [doc.to_array(_ATTRS) for doc in docs]
    if not arrays:
        return np.zeros((0, len(SYNTAX_FIELDS)), dtype=np.int64)
    lengths = np.fromiter((len(array) for array in arrays), dtype=np.int64, count=len(arrays))
    if (lengths == 0).any():
        raise ValueError("cannot measure the syntax of an empty sentence")
    tokens = np.concatenate(arrays)
    dep = tokens[:, 1]
    pos = tokens[:, 0] if pos is None else pos
    relative_head = tokens[:, 2].view(np.int64)  # spaCy stores the head as a signed offset
    is_word = (tokens[:, 3] == 0) & (tokens[:, 4] == 0)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    sentence = np.repeat(np.arange(len(arrays)), lengths)

    classes = len(POS_SHARES) + 1
    word_class = _POS_CLASS[pos.astype(np.int64)]
    class_counts = np.bincount((sentence * classes + word_class)[is_word], minlength=len(arrays) * classes).reshape(
        len(arrays), classes
    )[:, :_NO_CLASS]
    words = np.bincount(sentence[is_word], minlength=len(arrays))
    depths = tree_depths(np.arange(len(tokens)) + relative_head)
    max_depth = np.maximum.reduceat(np.where(is_word, depths, 0), starts)
    subordinate = np.bincount(sentence[is_word & np.isin(dep, _SUBORDINATE_IDS)], minlength=len(arrays))
    return np.column_stack([class_counts, words, max_depth, subordinate]).astype(np.int64)


class SentenceParser:
    """Parses sentences with ``nlp`` and returns ``sentence_syntax``; POS comes from ``RulerPos``.

    The attribute ruler is left out of the parse: ``RulerPos`` gives the same POS from its patterns
    at a fraction of the cost. The token vectors come from ``MemoTok2Vec`` where the pipeline's
    tok2vec is the window CNN it follows: the same vectors, each distinct context computed once
    over all the sentences of a call, so a call with more (and more alike) sentences saves more.
    """

    def __init__(self, nlp: Language, batch_size: int, ruler_name: str = "attribute_ruler") -> None:
        self._nlp = nlp
        self._batch_size = batch_size
        self._ruler_name = ruler_name
        self._ruler_pos = RulerPos(nlp, ruler_name)
        self._tok2vec = MemoTok2Vec.from_pipeline(nlp)

    def parse(self, sentences: Sequence[str]) -> np.ndarray:
        """``SYNTAX_FIELDS`` of each sentence, each parsed on its own."""
        skipped = [self._ruler_name]
        docs: list[Doc] | Sequence[str] = sentences
        if self._tok2vec is not None:
            docs = list(cast(Tokenizer, self._nlp.tokenizer).pipe(sentences))  # typed as any callable
            self._tok2vec.set_tensors(docs)
            skipped.append("tok2vec")
        docs = list(self._nlp.pipe(docs, batch_size=self._batch_size, disable=skipped))
        return sentence_syntax(docs, self._ruler_pos.pos(docs))
