"""Linguistic features of a response: word classes, syntax, readability, sentiment, keywords."""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Sequence

import nltk
import numpy as np
import pandas as pd
import readability
import spacy
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.util import filter_spans
from textblob.en import sentiment as textblob_sentiment  # what TextBlob(text).sentiment calls
from tqdm import tqdm

from skillsynth.contract import COLUMNS, LINGUISTIC_COLUMNS, SKILLS, keyword_column
from skillsynth.errors import SkillsynthError
from skillsynth.features.keywords import SKILL_KEYWORDS

# The features read only POS (tagger + attribute_ruler) and the parse; keywords match the
# lower-cased surface form, so the lemmatizer is not needed; the parser already sets sentences.
UNUSED_COMPONENTS: tuple[str, ...] = ("ner", "lemmatizer", "senter")
REQUIRED_COMPONENTS: tuple[str, ...] = ("tagger", "parser", "attribute_ruler")

POS_SHARES: dict[str, frozenset[str]] = {
    "noun_ratio": frozenset({"NOUN", "PROPN"}),
    "verb_ratio": frozenset({"VERB", "AUX"}),
    "adjective_ratio": frozenset({"ADJ"}),
    "adverb_ratio": frozenset({"ADV"}),
    "pronoun_ratio": frozenset({"PRON"}),
}
SUBORDINATE_DEPS: frozenset[str] = frozenset({"advcl", "ccomp", "xcomp", "acl", "relcl"})
_READABILITY = COLUMNS["readability_grade"]
_NUMPY_DTYPES: dict[str, type] = {"int": np.int64, "float": np.float64}


def load_pipeline(model: str) -> Language:
    """Load the installed spaCy pipeline ``model`` with only the components the features use."""
    installed = spacy.util.get_installed_models()
    if model not in installed:
        raise SkillsynthError(
            f"nlp.model = {model!r}: not an installed spaCy pipeline; installed: {installed}"
        )
    nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    missing = [name for name in REQUIRED_COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise SkillsynthError(
            f"nlp.model = {model!r}: pipeline lacks components {missing}; "
            f"expected {list(REQUIRED_COMPONENTS)}"
        )
    return nlp


@functools.cache
def _vader_analyzer() -> SentimentIntensityAnalyzer:
    # NLTK cannot download its lexicon here; vaderSentiment ships the same file.
    lexicon_dir = os.path.dirname(vaderSentiment.__file__)
    if lexicon_dir not in nltk.data.path:
        nltk.data.path.append(lexicon_dir)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def _is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space)


def max_tree_depth(doc: Doc, word_indices: Sequence[int]) -> int:
    """Most arcs on a path from a sentence root down to one of the words; a root has depth 0."""
    heads = [token.head.i for token in doc]
    depths = [-1] * len(heads)
    for start in word_indices:
        path = []
        index = start
        while depths[index] < 0 and heads[index] != index:
            path.append(index)
            index = heads[index]
        depth = max(depths[index], 0)
        depths[index] = depth
        for step in reversed(path):
            depth += 1
            depths[step] = depth
    return max((depths[i] for i in word_indices), default=0)


def kincaid_grade(sentences: Sequence[str]) -> float:
    """Flesch-Kincaid grade of sentences of space-separated words, clipped to the contract range."""
    try:
        measures = readability.getmeasures("\n".join(sentences), lang="en")
    except ValueError:  # readability finds no words, e.g. only symbols such as "$" that spaCy keeps
        return 0.0
    grade = measures["readability grades"]["Kincaid"]
    return float(np.clip(grade, _READABILITY.minimum, _READABILITY.maximum))


class LinguisticExtractor:
    """Per-doc linguistic features; builds the keyword matcher and sentiment analysers once."""

    def __init__(self, nlp: Language) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for skill in SKILLS:
            self._matcher.add(skill, list(nlp.tokenizer.pipe(SKILL_KEYWORDS[skill])))
        self._vader = _vader_analyzer()
        self._empty_row: dict[str, float] = dict.fromkeys(LINGUISTIC_COLUMNS, 0)

    def keyword_counts(self, doc: Doc) -> dict[str, int]:
        """Keyword matches per skill; overlapping matches of a skill count once, longest wins."""
        spans_by_skill: dict[str, list] = {skill: [] for skill in SKILLS}
        for span in self._matcher(doc, as_spans=True):
            spans_by_skill[span.label_].append(span)
        return {
            keyword_column(skill): len(filter_spans(spans))
            for skill, spans in spans_by_skill.items()
        }

    def features(self, doc: Doc) -> dict[str, float]:
        """All linguistic feature values of one parsed text, keyed by contract column name.

        Words are tokens that are neither punctuation nor space; a sentence without words is not
        counted; a text without words gets zero everywhere.
        """
        words: list[Token] = []
        sentences: list[str] = []
        for sentence in doc.sents:
            sentence_words = [token for token in sentence if _is_word(token)]
            if sentence_words:  # a sentence of punctuation or space alone is not a sentence
                words.extend(sentence_words)
                sentences.append(" ".join(token.text for token in sentence_words))
        if not words:
            return dict(self._empty_row)

        word_count = len(words)
        pos_counts = Counter(token.pos_ for token in words)
        polarity, subjectivity = textblob_sentiment(doc.text)
        row: dict[str, float] = {
            "word_count": word_count,
            "sentence_count": len(sentences),
            "mean_sentence_length": word_count / len(sentences),
            "mean_word_length": sum(len(token.text) for token in words) / word_count,
            "lexical_diversity": len({token.lower for token in words}) / word_count,
            **{
                column: sum(pos_counts[pos] for pos in tags) / word_count
                for column, tags in POS_SHARES.items()
            },
            "max_tree_depth": max_tree_depth(doc, [token.i for token in words]),
            "subordinate_clauses": sum(token.dep_ in SUBORDINATE_DEPS for token in words),
            "readability_grade": kincaid_grade(sentences),
            "vader_compound": self._vader.polarity_scores(doc.text)["compound"],
            "textblob_polarity": polarity,
            "textblob_subjectivity": subjectivity,
        }
        row.update(self.keyword_counts(doc))
        return row


def linguistic_features(
    texts: Sequence[str], nlp: Language, batch_size: int = 256, progress: bool = False
) -> pd.DataFrame:
    """One row of ``LINGUISTIC_COLUMNS`` per text, in input order; distinct texts parsed once."""
    position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
    distinct = list(position)
    extractor = LinguisticExtractor(nlp)
    docs = nlp.pipe(distinct, batch_size=batch_size)
    # Keep only the numbers of each doc so memory does not grow with the parses.
    rows = [
        extractor.features(doc)
        for doc in tqdm(docs, total=len(distinct), disable=not progress, desc="linguistic features")
    ]
    row_of_text = np.fromiter((position[text] for text in texts), dtype=np.intp, count=len(texts))
    columns = {}
    for name in LINGUISTIC_COLUMNS:
        values = np.asarray([row[name] for row in rows], dtype=_NUMPY_DTYPES[COLUMNS[name].dtype])
        columns[name] = values[row_of_text]
    return pd.DataFrame(columns, columns=list(LINGUISTIC_COLUMNS))
