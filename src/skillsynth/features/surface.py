"""Surface features from tokens and rule-based sentences (no parse): counts, lengths, diversity, readability,
keywords."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import readability
from readability.langdata import LANGDATA
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import filter_spans

from skillsynth.contract import COLUMNS, SKILLS, concern_column, keyword_column
from skillsynth.features.keywords import FIRST_PERSON_ONLY, OTHERS_ONLY, SKILL_CONCERNS, SKILL_KEYWORDS

SURFACE_COLUMNS: tuple[str, ...] = (
    "word_count",
    "sentence_count",
    "mean_word_length",
    "lexical_diversity",
    "readability_grade",
    *(keyword_column(skill) for skill in SKILLS),
    *(concern_column(skill) for skill in SKILLS),
)
MATTR_WINDOW = 25  # words per window of the moving-average type-token ratio
NEGATORS: frozenset[str] = frozenset({"not", "n't", "never", "no", "nt", "dont", "didnt", "cant", "wont", "without"})
NEGATION_REACH = 3  # words before a match that a negation may stand in
SUBJECT_REACH = 8  # words before a feeling word where its owner ("I", "she", a name) is looked for
FIRST_PERSON: frozenset[str] = frozenset({"i", "me", "my", "myself", "we", "us", "our"})
OTHER_PERSON: frozenset[str] = frozenset(
    {
        "he",
        "she",
        "they",
        "him",
        "her",
        "them",
        "his",
        "their",
        "himself",
        "herself",
        "themselves",
        "themself",
        "everyone",
        "everybody",
        "somebody",
        "someone",
        "nobody",
        "friend",
        "kid",
        "kids",
        "buddy",
        "partner",
        "teammate",
        "classmate",
        "brother",
        "sister",
        "cousin",
    }
)
CLAUSE_BREAKS: frozenset[str] = frozenset({"and", "but", "so", "because", "when", "while", "then", "that"})
# ... except "so" in front of the feeling word, alone or among these: "I was getting so mad" is one clause
INTENSIFIERS: frozenset[str] = frozenset({"so", "really", "very", "super", "too", "pretty", "extremely"})
# Verbs whose object is told or let, not the one who acts: in "I told her to hurry up" the child says it
ADDRESSING: frozenset[str] = frozenset({"told", "tell", "tells", "telling", "asked", "ask", "asks", "let", "lets"})
# ... except "tell" after "could" or "can": in "I could tell Maya was sad" the child sees, and Maya feels
PERCEIVING: frozenset[str] = frozenset({"could", "can", "ca"})  # spaCy splits "can't" into "ca" and "n't"
HEDGES: dict[str, str] = {"kind": "of"}  # a listed word before this one is a hedge ("kind of weird"), not kindness
DETERMINERS: frozenset[str] = frozenset({"my", "our", "the", "a", "his", "her", "their", "your"})
_CONCERN = ":concern"
_ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, LENGTH, IDX, SENT_START]
_READABILITY = COLUMNS["readability_grade"]
_count_syllables = LANGDATA["en"]["syllables"]  # the readability package's English syllable counter


def kincaid_grade(syllables: np.ndarray, words: np.ndarray, sentences: np.ndarray) -> np.ndarray:
    """Flesch-Kincaid grade, 11.8 * syllables/words + 0.39 * words/sentences - 15.59, clipped to the contract.

    The formula is the readability package's ``KincaidGradeLevel``, on counts the package would
    find in the text written one sentence a line: its words are the tokens that are not pure ASCII
    punctuation. A text without such words gets 0.
    """
    syllables, words, sentences = (np.asarray(a, dtype=np.float64) for a in (syllables, words, sentences))
    has_words = words > 0
    grade = readability.KincaidGradeLevel(
        syllables, np.where(has_words, words, 1.0), np.where(has_words, np.maximum(sentences, 1.0), 1.0)
    )
    return np.where(has_words, np.clip(grade, _READABILITY.minimum, _READABILITY.maximum), 0.0)


def moving_average_ttr(text_of: np.ndarray, words: np.ndarray, count: int) -> np.ndarray:
    """MATTR (Covington & McFall 2010) of each of ``count`` texts: the type-token ratio of every
    window of ``MATTR_WINDOW`` consecutive words, averaged; a text shorter than a window gets its
    plain type-token ratio, one without words 0.

    ``words`` are word ids in text order and ``text_of`` the text of each (sorted). Computed for the
    whole batch at once: a word is new in the windows that start after its previous occurrence and
    still hold it. Equal to ``lexicalrichness``' ``mattr`` (tested), which imports matplotlib and
    costs 1.5 s at every process start.
    """
    lengths = np.bincount(text_of, minlength=count)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    position = np.arange(len(words)) - starts[text_of]
    order = np.lexsort((position, words, text_of))
    previous = np.full(len(words), -1, dtype=np.int64)
    repeat = (np.diff(text_of[order]) == 0) & (np.diff(words[order]) == 0)
    previous[order[1:][repeat]] = position[order[:-1][repeat]]
    window = np.minimum(MATTR_WINDOW, lengths)[text_of]
    first = np.maximum(previous + 1, position - window + 1)
    last = np.minimum(position, lengths[text_of] - window)
    new_in = np.bincount(text_of, weights=np.maximum(last - first + 1, 0), minlength=count)
    windows = np.maximum(lengths - np.minimum(MATTR_WINDOW, lengths) + 1, 1) * np.minimum(MATTR_WINDOW, lengths)
    return np.where(lengths > 0, new_in / np.maximum(windows, 1), 0.0)


def _negated(doc: Doc, start: int) -> bool:
    """Whether a negation stands among the few words before token ``start``, in the same clause."""
    for index in range(start - 1, max(0, start - NEGATION_REACH) - 1, -1):
        token = doc[index]
        if token.is_punct or token.is_sent_end:
            return False
        if token.lower_ in NEGATORS:
            return True
    return False


def _addressed(doc: Doc, index: int) -> bool:
    """Whether the person word at ``index`` is the object of a verb of telling or letting ("told her",
    "let my friend"), not the one seen ("I could tell Maya was sad")."""
    before = index - 1
    if before >= 0 and doc[before].lower_ in DETERMINERS:
        before -= 1
    if before < 0 or doc[before].lower_ not in ADDRESSING:
        return False
    modal = before - 1 - (before >= 2 and doc[before - 1].lower_ == "n't")
    return not (doc[before].lower_ == "tell" and modal >= 0 and doc[modal].lower_ in PERCEIVING)


def _owner(doc: Doc, start: int) -> str | None:
    """Whose feeling a feeling word at ``start`` names (or whose act a concern is), from the nearest person
    word before it in its clause (a pronoun, a word for a friend, or a capitalised name) that is not the
    object of a verb of telling or letting: "first", "other", or None when it names nobody."""
    for index in range(start - 1, max(0, start - SUBJECT_REACH) - 1, -1):
        token = doc[index]
        if token.is_punct or token.is_sent_end:
            return None
        word = token.lower_
        if _addressed(doc, index):
            continue  # the one addressed, not the one who acts
        if word in FIRST_PERSON:
            return "first"
        if word in OTHER_PERSON or (token.is_title and word != "i" and not (token.is_sent_start and token.is_stop)):
            return "other"
        if word in CLAUSE_BREAKS and not _intensifies(doc, index, start):
            return None
    return None


def _intensifies(doc: Doc, index: int, start: int) -> bool:
    """Whether the word at ``index`` and every word from it up to ``start`` are intensifiers ("so", "so really")."""
    return all(doc[between].lower_ in INTENSIFIERS for between in range(index, start))


def _owner_fits(doc: Doc, start: int, skill: str, phrase: str) -> bool:
    """Whether a feeling word counts for ``skill``: its own feelings for self-regulation, others' for empathy."""
    if phrase in FIRST_PERSON_ONLY.get(skill, ()):
        return _owner(doc, start) == "first"
    if phrase in OTHERS_ONLY.get(skill, ()):
        return _owner(doc, start) == "other"
    return True


@dataclass(frozen=True)
class Surface:
    """Surface numbers of a batch of texts, and the sentences (with words) that each one holds."""

    columns: dict[str, np.ndarray]  # contract column -> one value per text
    sentences: list[str]  # the sentences that hold words, text after text, in order
    sentence_counts: np.ndarray  # how many of ``sentences`` belong to each text, in order


class SurfaceMeasurer:
    """Tokenises and splits texts into sentences with rules, then measures them; built once per pipeline."""

    def __init__(self, nlp: Language) -> None:
        self._tokenizer = cast(Tokenizer, nlp.tokenizer)  # spaCy types the attribute as any callable
        self._sentencizer = Sentencizer()
        self._strings = nlp.vocab.strings
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for skill in SKILLS:
            self._matcher.add(skill, list(self._tokenizer.pipe(SKILL_KEYWORDS[skill])))
            self._matcher.add(skill + _CONCERN, list(self._tokenizer.pipe(SKILL_CONCERNS[skill])))
        self._syllables: dict[int, tuple[int, bool]] = {}  # ORTH id -> (syllables, readability word?)

    def docs(self, texts: Sequence[str]) -> list[Doc]:
        """Tokenised texts with sentence starts set by punctuation rules."""
        return [self._sentencizer(doc) for doc in self._tokenizer.pipe(texts)]

    def keyword_counts(self, doc: Doc) -> list[int]:
        """Evidence per skill, then concerns per skill (contract order), by the rules of ``keywords``:
        negation-aware, person-aware for feeling words, each distinct phrase once, longest match first."""
        spans_by_skill: dict[str, list] = {skill: [] for skill in SKILLS}
        for span in self._matcher(doc, as_spans=True):
            spans_by_skill[span.label_.removesuffix(_CONCERN)].append(span)
        evidence, concerns = [0] * len(SKILLS), [0] * len(SKILLS)
        for index, skill in enumerate(SKILLS):
            seen: set[tuple[str, str, bool]] = set()
            for span in filter_spans(spans_by_skill[skill]):
                phrase = span.text.lower()
                if phrase in HEDGES and span.end < len(doc) and doc[span.end].lower_ == HEDGES[phrase]:
                    continue
                listed_concern = span.label_.endswith(_CONCERN)
                if not _owner_fits(doc, span.start, skill, phrase) or (
                    listed_concern and _owner(doc, span.start) == "other"
                ):
                    continue  # someone else's feeling, or someone else's unhelpful act
                is_concern = listed_concern != _negated(doc, span.start)
                said_in = span.sent.text.lower()
                if (phrase, said_in, is_concern) not in seen:  # a sentence said twice tells nothing new
                    seen.add((phrase, said_in, is_concern))
                    (concerns if is_concern else evidence)[index] += 1
        return evidence + concerns

    def _syllable_counts(self, orth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Syllables of each word, and whether readability counts it (it is not pure ASCII punctuation)."""
        distinct, inverse = np.unique(orth, return_inverse=True)
        known = self._syllables
        for orth_id in distinct.tolist():
            if orth_id not in known:
                text = self._strings[orth_id]
                is_word = readability.PUNCTRE.match(text) is None
                known[orth_id] = (_count_syllables(text) if is_word else 0, is_word)
        table = np.array([known[orth_id] for orth_id in distinct.tolist()], dtype=np.int64).reshape(-1, 2)
        return table[inverse, 0], table[inverse, 1].astype(bool)

    def measure(self, texts: Sequence[str]) -> Surface:
        """Surface numbers of ``texts``.

        Words are tokens that are neither punctuation nor space; a sentence (split after end
        punctuation by spaCy's sentencizer) without words is not counted.
        """
        docs = self.docs(texts)
        count = len(docs)
        arrays = [doc.to_array(_ATTRS) for doc in docs]
        lengths = np.fromiter((len(array) for array in arrays), dtype=np.int64, count=count)
        tokens = np.concatenate(arrays) if lengths.sum() else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        orth, lower, is_punct, is_space, length, idx, sent_start = tokens.T
        text_of = np.repeat(np.arange(count), lengths)
        is_word = (is_punct == 0) & (is_space == 0)

        word_count = np.bincount(text_of[is_word], minlength=count)
        letters = np.bincount(text_of[is_word], weights=length[is_word], minlength=count)
        word_text = text_of[is_word]

        # sentences: a running number over the batch, starting again wherever a token starts one
        sentence_of = np.cumsum(sent_start.view(np.int64) == 1) - 1
        sentence_words = np.bincount(sentence_of[is_word], minlength=(sentence_of[-1] + 1) if len(tokens) else 0)
        kept = sentence_words > 0
        text_of_sentence = np.zeros(len(sentence_words), dtype=np.int64)
        text_of_sentence[sentence_of] = text_of
        sentence_counts = np.bincount(text_of_sentence[kept], minlength=count)

        syllables, counts_for_readability = self._syllable_counts(orth[is_word])
        readability_words = np.bincount(word_text[counts_for_readability], minlength=count)
        readability_syllables = np.bincount(word_text, weights=syllables, minlength=count)

        per_word = np.maximum(word_count, 1)  # a text without words gets 0, not a division by zero
        columns = {
            "word_count": word_count,
            "sentence_count": sentence_counts,
            "mean_word_length": letters / per_word,
            "lexical_diversity": moving_average_ttr(word_text, lower[is_word].astype(np.int64), count),
            "readability_grade": kincaid_grade(readability_syllables, readability_words, sentence_counts),
        }
        matches = np.array([self.keyword_counts(doc) for doc in docs], dtype=np.int64).reshape(count, 2 * len(SKILLS))
        columns.update({keyword_column(skill): matches[:, i] for i, skill in enumerate(SKILLS)})
        columns.update({concern_column(skill): matches[:, len(SKILLS) + i] for i, skill in enumerate(SKILLS)})
        return Surface(columns, self._sentence_texts(texts, tokens, text_of, sentence_of, kept), sentence_counts)

    @staticmethod
    def _sentence_texts(
        texts: Sequence[str], tokens: np.ndarray, text_of: np.ndarray, sentence_of: np.ndarray, kept: np.ndarray
    ) -> list[str]:
        """Each kept sentence's text, from its first to its last token that is not space."""
        is_space, length, idx = tokens[:, 3], tokens[:, 4], tokens[:, 5]
        solid = np.flatnonzero(is_space == 0)
        solid_sentence = sentence_of[solid]
        boundaries = np.flatnonzero(np.diff(solid_sentence)) + 1
        firsts = solid[np.concatenate(([0], boundaries))] if len(solid) else solid
        lasts = solid[np.concatenate((boundaries - 1, [len(solid) - 1]))] if len(solid) else solid
        owners = sentence_of[firsts]
        keep = kept[owners]
        firsts, lasts = firsts[keep], lasts[keep]
        starts = idx[firsts].tolist()
        ends = (idx[lasts] + length[lasts]).tolist()
        return [texts[t][s:e] for t, s, e in zip(text_of[firsts].tolist(), starts, ends, strict=True)]
