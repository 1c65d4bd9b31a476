"""Linguistic features of a response: word classes, syntax, readability, sentiment, keywords.

How the work is laid out, so that it runs close to the speed spaCy parses at:

1. Each distinct text is tokenised and split into sentences by punctuation rules (spaCy's
   tokenizer and ``sentencizer``, no parse); counts, lengths, readability and keywords need no more.
   Its sentiment (VADER, TextBlob) is measured on the whole text at the same time.
2. Each distinct sentence is parsed once (tagger, parser, attribute ruler): generated texts are new
   combinations of a finite stock of sentences. The sentences are parsed in sorted order, in large
   chunks, with token vectors computed once per distinct context of a chunk (``tok2vec``). The
   per-sentence word-class counts, tree depth and subordinate clauses are then summed (or maxed)
   per text with numpy.
3. Both run in chunks (texts: ``batch_size``; sentences: larger) over ``n_process`` worker processes
   that load the pipeline once and return only numbers, in input order, so the output never depends
   on either setting.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import spacy
from spacy.language import Language
from thinc.api import use_ops
from tqdm import tqdm

from skillsynth.contract import COLUMNS, LINGUISTIC_COLUMNS
from skillsynth.errors import SkillsynthError
from skillsynth.features.sentiment import SENTIMENT_COLUMNS
from skillsynth.features.surface import SURFACE_COLUMNS
from skillsynth.features.syntax import POS_SHARES, SYNTAX_FIELDS
from skillsynth.features.workers import MeasuringPool, WorkerPool, worker_count

# The features read only POS (tagger + attribute_ruler) and the parse; keywords match the
# lower-cased surface form, so the lemmatizer is not needed; sentences come from punctuation rules.
UNUSED_COMPONENTS: tuple[str, ...] = ("ner", "lemmatizer", "senter")
REQUIRED_COMPONENTS: tuple[str, ...] = ("tagger", "parser", "attribute_ruler")
# Large chunks of sentences share more contexts (see _parse_sentences), but leave fewer tasks to share out.
MAX_SENTENCES_PER_CHUNK = 4096
MIN_SENTENCE_CHUNKS = 8
log = logging.getLogger(__name__)
_NUMPY_DTYPES: dict[str, type] = {"int": np.int64, "float": np.float64}
_FIELD = {name: index for index, name in enumerate(SYNTAX_FIELDS)}
# Measured per text (surface and sentiment); the syntax columns come from the sentences.
_TEXT_COLUMNS: tuple[str, ...] = (*SURFACE_COLUMNS, *SENTIMENT_COLUMNS)


@functools.cache
def load_pipeline(model: str) -> Language:
    """The installed spaCy pipeline ``model`` with only the components the features use, loaded once per
    process: the features, scoring and the stages only read it (spaCy's own pipes, the tok2vec memo)."""
    installed = spacy.util.get_installed_models()
    if model not in installed:
        raise SkillsynthError(f"nlp.model = {model!r}: not an installed spaCy pipeline; installed: {installed}")
    # Thinc's matrix products through numpy's OpenBLAS instead of BLIS: the same model and the
    # same parses (tested), for about a third less CPU on the tok2vec layers that dominate a parse.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    missing = [name for name in REQUIRED_COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise SkillsynthError(
            f"nlp.model = {model!r}: pipeline lacks components {missing}; expected {list(REQUIRED_COMPONENTS)}"
        )
    return nlp


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class _TextPass:
    """What the pass over distinct texts found."""

    columns: dict[str, np.ndarray]  # surface and sentiment columns, one value per distinct text
    sentence_counts: np.ndarray  # sentences (with words) of each distinct text
    occurrences: np.ndarray  # those sentences, text after text, as indices into ``sentences``
    sentences: list[str]  # every distinct sentence, in order of first appearance


def _measure_texts(pool: MeasuringPool, distinct: Sequence[str], batch_size: int, progress: bool) -> _TextPass:
    sentence_ids: dict[str, int] = {}
    parts: list[dict[str, np.ndarray]] = []
    counts: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    occurrences: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    with tqdm(total=len(distinct), disable=not progress, desc="linguistic: texts", unit="text") as bar:
        for measured in pool.measure_texts(_chunks(distinct, batch_size)):
            parts.append(measured.columns)
            counts.append(measured.sentence_counts)
            ids = (sentence_ids.setdefault(sentence, len(sentence_ids)) for sentence in measured.sentences)
            occurrences.append(np.fromiter(ids, dtype=np.int64, count=len(measured.sentences)))
            bar.update(len(measured.sentence_counts))
    columns = {name: np.concatenate([part[name] for part in parts]) if parts else np.zeros(0) for name in _TEXT_COLUMNS}
    return _TextPass(columns, np.concatenate(counts), np.concatenate(occurrences), list(sentence_ids))


def _sentence_chunk_size(sentences: int, chunk_size: int) -> int:
    """Sentences per task: at least ``chunk_size``; up to ``MAX_SENTENCES_PER_CHUNK`` while that leaves
    ``MIN_SENTENCE_CHUNKS`` tasks to share out."""
    return max(chunk_size, min(MAX_SENTENCES_PER_CHUNK, -(-sentences // MIN_SENTENCE_CHUNKS)))


def _parse_sentences(pool: MeasuringPool, sentences: Sequence[str], chunk_size: int, progress: bool) -> np.ndarray:
    """``SYNTAX_FIELDS`` of each sentence. They are parsed in sorted order, where neighbours share their
    first words, in large chunks: the token vectors of a chunk are computed once per distinct context
    (``tok2vec.MemoTok2Vec``), and a sentence's parse does not depend on its chunk."""
    order = np.array(sorted(range(len(sentences)), key=sentences.__getitem__), dtype=np.intp)
    in_order = [sentences[i] for i in order.tolist()]
    parts = [np.zeros((0, len(SYNTAX_FIELDS)), dtype=np.int64)]
    with tqdm(total=len(sentences), disable=not progress, desc="linguistic: sentences", unit="sentence") as bar:
        for syntax in pool.parse_sentences(_chunks(in_order, _sentence_chunk_size(len(sentences), chunk_size))):
            parts.append(syntax)
            bar.update(len(syntax))
    syntax = np.empty((len(sentences), len(SYNTAX_FIELDS)), dtype=np.int64)
    syntax[order] = np.concatenate(parts)
    return syntax


def _syntax_per_text(syntax: np.ndarray, occurrences: np.ndarray, sentence_counts: np.ndarray) -> dict[str, np.ndarray]:
    """Per-text word-class shares, tree depth and subordinate clauses per sentence, from per-sentence numbers."""
    texts = len(sentence_counts)
    text_of = np.repeat(np.arange(texts), sentence_counts)
    rows = syntax[occurrences]

    def per_text(field: str) -> np.ndarray:
        return np.bincount(text_of, weights=rows[:, _FIELD[field]], minlength=texts)

    parsed_words = np.maximum(per_text("words"), 1)
    sentences = np.maximum(sentence_counts, 1)  # a text without words gets 0, not a division by zero
    columns = {share: per_text(share) / parsed_words for share in POS_SHARES}
    columns["subordinate_clause_rate"] = per_text("subordinate_clauses") / sentences
    columns["tree_depth"] = per_text("max_tree_depth") / sentences
    return columns


def linguistic_features(
    texts: Sequence[str],
    nlp: Language,
    batch_size: int = 256,
    progress: bool = False,
    n_process: int = 1,
) -> pd.DataFrame:
    """One row of ``LINGUISTIC_COLUMNS`` per text, in input order.

    Distinct texts are measured once and distinct sentences parsed once, in chunks of
    ``batch_size`` over ``n_process`` processes (0 = all cores; fewer when the input is small).
    Words are tokens that are neither punctuation nor space; a sentence without words is not
    counted; a text without words gets zero everywhere.
    """
    processes = worker_count(n_process, len(set(texts)))
    with WorkerPool(nlp, batch_size, processes) as pool:
        return pooled_linguistic_features(texts, pool, batch_size, progress, f"{processes} process(es)")


def pooled_linguistic_features(
    texts: Sequence[str], pool: MeasuringPool, chunk_size: int, progress: bool, workers: str
) -> pd.DataFrame:
    """``linguistic_features`` with the two passes done by ``pool`` (local processes or a cluster) in
    chunks of ``chunk_size``: the texts and sentences are deduplicated here, over the whole input, so
    each distinct sentence is parsed once whatever the pool. ``workers`` describes the pool in the log."""
    started = time.perf_counter()
    position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
    distinct = list(position)
    found = _measure_texts(pool, distinct, chunk_size, progress)
    syntax = _parse_sentences(pool, found.sentences, chunk_size, progress)
    columns = {**found.columns, **_syntax_per_text(syntax, found.occurrences, found.sentence_counts)}
    columns["mean_sentence_length"] = columns["word_count"] / np.maximum(columns["sentence_count"], 1)
    log.info(
        "linguistic: %d texts, %d distinct, holding %d sentences of which %d distinct were parsed; %s, %.1f s",
        len(texts),
        len(distinct),
        len(found.occurrences),
        len(found.sentences),
        workers,
        time.perf_counter() - started,
    )
    row_of_text = np.fromiter((position[text] for text in texts), dtype=np.intp, count=len(texts))
    return pd.DataFrame(
        {name: columns[name].astype(_NUMPY_DTYPES[COLUMNS[name].dtype])[row_of_text] for name in LINGUISTIC_COLUMNS}
    )
