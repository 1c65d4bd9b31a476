"""Tests for the memoised tok2vec: the very vectors of spaCy's tok2vec component, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from skillsynth.contract import SKILLS
from skillsynth.features.surface import SurfaceMeasurer
from skillsynth.features.tok2vec import MemoTok2Vec
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import style_of, template_responses

ODD = ["I", "Hi!", "I 'm  done .", "There is a cat.", "I am 😀 happy!", "  spaces  around  ", "no end"]


@pytest.fixture(scope="module")
def sentences(nlp, settings) -> list[str]:
    latent = settings.data.latent
    students = draw_students(
        150, SKILLS, [2, 5, 8], latent.level_means, latent.within_level_sd, latent.skill_correlation, seed=11
    )
    texts = template_responses(students, 7, style_of(settings.generator))["text"].tolist()
    generated = list(dict.fromkeys(SurfaceMeasurer(nlp).measure(texts).sentences))
    return sorted(generated)  # sorted, as the linguistic features parse them: neighbours share words


def component_vectors(nlp: Language, sentences: list[str]) -> list[np.ndarray]:
    """What the tok2vec component sets, all sentences in one batch: for a batch of one short sentence
    its products are small enough for OpenBLAS to round them another way (see ``MIN_ROWS``)."""
    docs = nlp.get_pipe("tok2vec").pipe(nlp.tokenizer.pipe(sentences), batch_size=len(sentences))
    return [doc.tensor for doc in docs]


def memo_vectors(memo: MemoTok2Vec, nlp: Language, sentences: list[str], chunk: int) -> list[np.ndarray]:
    vectors = []
    for start in range(0, len(sentences), chunk):
        docs = list(nlp.tokenizer.pipe(sentences[start : start + chunk]))
        memo.set_tensors(docs)
        vectors.extend(doc.tensor for doc in docs)
    return vectors


def assert_same_bytes(found: list[np.ndarray], expected: list[np.ndarray]) -> None:
    assert len(found) == len(expected)
    for index, (one, other) in enumerate(zip(found, expected, strict=True)):
        assert one.dtype == other.dtype and one.shape == other.shape, index
        assert one.tobytes() == other.tobytes(), index


@pytest.mark.parametrize(("chunk", "count"), [(1, 40), (13, 10_000), (10_000, 10_000)])
def test_vectors_are_the_components_bit_for_bit(nlp, sentences, chunk, count):
    sample = sentences[:count] + ODD  # one sentence a call: a few suffice, and the odd ones
    memo = MemoTok2Vec.from_pipeline(nlp)
    assert memo is not None
    assert_same_bytes(memo_vectors(memo, nlp, sample, chunk), component_vectors(nlp, sample))


def test_a_newly_initialised_default_tok2vec_is_followed_too(sentences):
    blank = spacy.blank("en")
    blank.add_pipe("tok2vec")  # spaCy's default: MultiHashEmbed + MaxoutWindowEncoder, random weights
    blank.initialize()
    memo = MemoTok2Vec.from_pipeline(blank)
    assert memo is not None
    sample = sentences[:200] + ODD
    assert_same_bytes(memo_vectors(memo, blank, sample, 50), component_vectors(blank, sample))


def test_other_architectures_are_left_to_the_component():
    assert MemoTok2Vec.from_pipeline(spacy.blank("en")) is None  # no tok2vec at all
    wide = spacy.blank("en")
    wide.add_pipe(
        "tok2vec",
        config={
            "model": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": 32,
                    "attrs": ["NORM", "SHAPE"],
                    "rows": [500, 100],
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": 32,
                    "depth": 2,
                    "window_size": 2,  # two neighbours a side: not the triples the memo computes
                    "maxout_pieces": 3,
                },
            }
        },
    )
    wide.initialize()
    assert MemoTok2Vec.from_pipeline(wide) is None


def test_docs_without_tokens_get_empty_vectors(nlp):
    memo = MemoTok2Vec.from_pipeline(nlp)
    assert memo is not None
    docs = [Doc(nlp.vocab, words=[]), *nlp.tokenizer.pipe(["I fell.", ""]), Doc(nlp.vocab, words=[])]
    memo.set_tensors(docs)
    assert [doc.tensor.shape for doc in docs] == [(0, 96), (3, 96), (0, 96), (0, 96)]
    assert docs[1].tensor.tobytes() == component_vectors(nlp, ["I fell.", *ODD])[0].tobytes()
    only_empty = [Doc(nlp.vocab, words=[])]
    memo.set_tensors(only_empty)
    assert only_empty[0].tensor.shape == (0, 96)
