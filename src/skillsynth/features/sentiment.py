"""Whole-text sentiment: NLTK's VADER compound score and TextBlob's polarity and subjectivity."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import nltk
import numpy as np
import vaderSentiment
from nltk.sentiment.vader import SentimentIntensityAnalyzer
from textblob.en import sentiment as textblob_sentiment  # what TextBlob(text).sentiment calls

SENTIMENT_COLUMNS: tuple[str, ...] = ("vader_compound", "textblob_polarity", "textblob_subjectivity")


@functools.cache
def vader_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's VADER analyser with its lexicon (built once per process)."""
    # NLTK cannot download its lexicon here; vaderSentiment ships the same file.
    lexicon_dir = os.path.dirname(vaderSentiment.__file__)
    if lexicon_dir not in nltk.data.path:
        nltk.data.path.append(lexicon_dir)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def sentiment_scores(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """``SENTIMENT_COLUMNS`` of each text, each measured on the whole text.

    Neither measure can be summed from sentences: VADER's "but" rule and its look-back over the
    previous words, and TextBlob's negations and intensifiers, reach across sentence ends.
    """
    vader = vader_analyzer()
    scores = np.zeros((len(texts), len(SENTIMENT_COLUMNS)), dtype=np.float64)
    for row, text in enumerate(texts):
        polarity, subjectivity = textblob_sentiment(text)
        scores[row] = (vader.polarity_scores(text)["compound"], polarity, subjectivity)
    return {name: scores[:, i] for i, name in enumerate(SENTIMENT_COLUMNS)}
