"""Tests for per-sentence syntax numbers and the attribute ruler's POS, on the real spaCy pipeline."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from skillsynth.contract import SKILLS
from skillsynth.features.pos import RulerPos
from skillsynth.features.surface import SurfaceMeasurer
from skillsynth.features.syntax import SYNTAX_FIELDS, SentenceParser, sentence_syntax, tree_depths
from skillsynth.generate.students import draw_students
from skillsynth.generate.template_generator import style_of, template_responses

FIELD = {name: index for index, name in enumerate(SYNTAX_FIELDS)}
# Sentences that exercise the ruler's rarer patterns: expletive "there" + be (a two-token
# pattern), "but" as an adverb, relative "that", subordinating "if", contractions, spaces.
TRICKY = [
    "There is a cat.",
    "There are many, and there were some.",
    "But he left.",
    "That is it",
    "The toy that broke was mine.",
    "If it rains, we stay.",
    "I didn't give up.",
    "I 'm  done .",
    "Nobody came, but everyone cared.",
    "I am 😀 happy!",
]


@pytest.fixture(scope="module")
def generated_sentences(nlp, settings) -> list[str]:
    latent = settings.data.latent
    students = draw_students(
        400, SKILLS, [2, 5, 8], latent.level_means, latent.within_level_sd, latent.skill_correlation, seed=5
    )
    texts = template_responses(students, 5, style_of(settings.generator))["text"]
    return list(dict.fromkeys(SurfaceMeasurer(nlp).measure(texts.tolist()).sentences)) + TRICKY


def test_tree_depths_count_arcs_from_each_root():
    # b is the root; a and c hang from b; d hangs from c: the deepest path has 2 arcs.
    assert tree_depths(np.array([1, 1, 1, 2])).tolist() == [1, 0, 1, 2]
    # two trees side by side (roots 0 and 3), one a chain of 3 arcs
    assert tree_depths(np.array([0, 0, 1, 3, 3, 4, 5])).tolist() == [0, 1, 2, 0, 1, 2, 3]
    assert tree_depths(np.array([], dtype=np.int64)).tolist() == []


def test_tree_depths_reject_a_cycle():
    with pytest.raises(ValueError, match="never reaches a root"):
        tree_depths(np.array([1, 0]))


def test_sentence_syntax_counts_words_only(nlp):
    doc = Doc(
        nlp.vocab,
        words=["She", "ran", "away", "because", "she", "was", "scared", "."],
        heads=[1, 1, 1, 5, 5, 1, 5, 1],
        deps=["nsubj", "ROOT", "advmod", "mark", "nsubj", "advcl", "acomp", "punct"],
        pos=["PRON", "VERB", "ADV", "SCONJ", "PRON", "AUX", "ADJ", "PUNCT"],
    )
    row = sentence_syntax([doc])[0]
    assert row[FIELD["words"]] == 7
    assert row[FIELD["pronoun_ratio"]] == 2
    assert row[FIELD["verb_ratio"]] == 2  # VERB and AUX
    assert row[FIELD["adjective_ratio"]] == 1
    assert row[FIELD["adverb_ratio"]] == 1
    assert row[FIELD["noun_ratio"]] == 0
    assert row[FIELD["subordinate_clauses"]] == 1  # advcl
    assert row[FIELD["max_tree_depth"]] == 2  # ran -> was -> she/because/scared


def test_sentence_syntax_of_no_docs_is_empty():
    assert sentence_syntax([]).shape == (0, len(SYNTAX_FIELDS))


def test_ruler_pos_equals_the_attribute_ruler(nlp, generated_sentences):
    with_ruler = np.concatenate([doc.to_array(["POS"]) for doc in nlp.pipe(generated_sentences)])
    without = list(nlp.pipe(generated_sentences, disable=["attribute_ruler"]))
    ruler_pos = RulerPos(nlp)
    assert np.array_equal(ruler_pos.pos(without), with_ruler)
    assert np.array_equal(ruler_pos.pos(without), with_ruler)  # again, from its cache


def test_ruler_pos_applies_multi_token_patterns(nlp):
    # The ruler's one two-token pattern: expletive "there" followed by "be" makes "be" a VERB
    # (the one-token patterns alone would make it AUX).
    doc = next(nlp.pipe(["There is a cat."], disable=["attribute_ruler"]))
    assert doc[0].dep_ == "expl"
    assert RulerPos(nlp).pos([doc])[1] == POS_IDS["VERB"]
    assert nlp("There is a cat.")[1].pos_ == "VERB"


def test_parser_matches_parsing_each_sentence_with_the_full_ruler(nlp, generated_sentences):
    sample = generated_sentences[:300]
    expected = sentence_syntax(list(nlp.pipe(sample)))
    assert np.array_equal(SentenceParser(nlp, batch_size=64).parse(sample), expected)


def test_parse_does_not_depend_on_batch_size(nlp, generated_sentences):
    sample = generated_sentences[:300]
    assert np.array_equal(SentenceParser(nlp, 7).parse(sample), SentenceParser(nlp, 300).parse(sample))
