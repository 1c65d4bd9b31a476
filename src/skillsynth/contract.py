"""The data contract: every skill, level, grade and column, with its dtype, range and meaning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

SKILLS: tuple[str, ...] = ("empathy", "problem_solving", "self_regulation", "resilience")
LEVELS: tuple[str, ...] = ("high", "medium", "developing")
ALLOWED_GRADES: tuple[int, ...] = tuple(range(1, 13))
WORDINGS: tuple[str, ...] = ("seen", "unseen")  # see generate/wording.py
SKILL_PREFIXES: dict[str, str] = {
    "empathy": "emp",
    "problem_solving": "prb",
    "self_regulation": "reg",
    "resilience": "res",
}
SKILL_DEFINITIONS: dict[str, str] = {
    "empathy": "noticing and caring about how other people feel, and acting to help them",
    "problem_solving": "working out what is wrong, trying ideas, and changing plans until something works",
    "self_regulation": "noticing one's own strong feelings and calming down before acting",
    "resilience": "bouncing back after failing: staying hopeful, learning from it, and trying again",
}


class Role(str, Enum):
    """What a column is for; decides who may read it."""

    ID = "id"
    META = "meta"
    TEXT = "text"
    LATENT = "latent"  # the simulated truth: never a model feature
    LINGUISTIC = "linguistic"
    BEHAVIORAL = "behavioral"
    DERIVED = "derived"
    LABEL = "label"


PANDAS_DTYPES: dict[str, str] = {"str": "object", "int": "int64", "float": "float64"}  # of Column.dtype


@dataclass(frozen=True)
class Column:
    """One column of the pipeline's tables."""

    name: str
    dtype: str  # "str", "int" or "float"
    role: Role
    description: str
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple | None = None


def group_id(skill: str, scenario_id: str) -> str:
    """The split group of a generated response: its skill's prefix and its game scenario."""
    return f"{SKILL_PREFIXES[skill]}-{scenario_id}"


def true_column(skill: str) -> str:
    """Name of the latent true-skill column for ``skill``."""
    return f"true_{skill}"


def score_column(skill: str) -> str:
    """Name of the label column for ``skill``."""
    return f"{skill}_score"


def rationale_column(skill: str) -> str:
    """Name of the LLM judge's one-sentence reason for its ``skill`` score (labels output only)."""
    return f"{skill}_rationale"


def keyword_column(skill: str) -> str:
    """Name of the linguistic keyword-count column for ``skill``."""
    return f"keywords_{skill}"


def concern_column(skill: str) -> str:
    """Name of the linguistic concern-count column for ``skill``."""
    return f"concerns_{skill}"


def composite_column(skill: str) -> str:
    """Name of the derived behavioural composite for ``skill``."""
    return f"{skill}_composite"


def _unit(name: str, role: Role, description: str) -> Column:
    return Column(name, "float", role, description, 0.0, 1.0)


def _count(name: str, role: Role, description: str) -> Column:
    return Column(name, "int", role, description, 0, None)


METADATA: tuple[Column, ...] = (
    Column("sample_id", "str", Role.ID, "Unique id of the simulated student session."),
    Column("skill", "str", Role.META, "The skill the game prompt targeted.", allowed=SKILLS),
    Column("level", "str", Role.META, "Simulated level of the target skill.", allowed=LEVELS),
    Column("grade", "int", Role.META, "School grade of the student.", allowed=ALLOWED_GRADES),
    Column(
        "template_id",
        "str",
        Role.META,
        "Split group: the skill and game scenario the text is about (`<skill prefix>-<scenario>`); "
        "texts of one scenario share its content words, so a group falls wholly on one side of a split.",
    ),
    Column(
        "wording",
        "str",
        Role.META,
        "`unseen` when the skill moves are said only in held-out phrasings (always test rows), else `seen`.",
        allowed=WORDINGS,
    ),
    Column("source", "str", Role.META, "What wrote the text, e.g. 'template' or 'openai:<model>'."),
)
TEXT: Column = Column("text", "str", Role.TEXT, "The student's transcribed spoken response.")
GROUP: Column = Column(
    "group_id",
    "str",
    Role.META,
    "Real sessions that must fall on one side of a split: the file's group_id, else student_id, else the session.",
)

LATENT: tuple[Column, ...] = tuple(
    _unit(true_column(s), Role.LATENT, f"Latent true {s.replace('_', '-')} of the student.") for s in SKILLS
)

LINGUISTIC: tuple[Column, ...] = (
    (
        _count("word_count", Role.LINGUISTIC, "Words (tokens that are not punctuation or space)."),
        _count(
            "sentence_count",
            Role.LINGUISTIC,
            "Sentences with words, split after end punctuation (spaCy's rule-based sentencizer).",
        ),
        Column("mean_sentence_length", "float", Role.LINGUISTIC, "Words per sentence.", 0.0, None),
        Column("mean_word_length", "float", Role.LINGUISTIC, "Characters per word.", 0.0, None),
        _unit(
            "lexical_diversity",
            Role.LINGUISTIC,
            "Moving-average type-token ratio of lower-cased words over 25-word windows (MATTR; the plain "
            "ratio for a shorter text): unlike a plain type-token ratio it does not fall as a text grows.",
        ),
        _unit("noun_ratio", Role.LINGUISTIC, "Share of words tagged NOUN or PROPN."),
        _unit("verb_ratio", Role.LINGUISTIC, "Share of words tagged VERB or AUX."),
        _unit("adjective_ratio", Role.LINGUISTIC, "Share of words tagged ADJ."),
        _unit("adverb_ratio", Role.LINGUISTIC, "Share of words tagged ADV."),
        _unit("pronoun_ratio", Role.LINGUISTIC, "Share of words tagged PRON."),
        Column(
            "tree_depth",
            "float",
            Role.LINGUISTIC,
            "Deepest dependency path from the root to a word, averaged over sentences (each parsed on its own).",
            0.0,
            None,
        ),
        Column(
            "subordinate_clause_rate",
            "float",
            Role.LINGUISTIC,
            "Clauses attached as advcl, ccomp, xcomp, acl or relcl, per sentence.",
            0.0,
            None,
        ),
        Column(
            "readability_grade",
            "float",
            Role.LINGUISTIC,
            "Flesch-Kincaid grade level: the readability package's formula and syllable counter.",
            -20.0,
            40.0,
        ),
        Column("vader_compound", "float", Role.LINGUISTIC, "NLTK VADER compound sentiment.", -1.0, 1.0),
        Column("textblob_polarity", "float", Role.LINGUISTIC, "TextBlob polarity.", -1.0, 1.0),
        _unit("textblob_subjectivity", Role.LINGUISTIC, "TextBlob subjectivity."),
    )
    + tuple(
        _count(
            keyword_column(s),
            Role.LINGUISTIC,
            f"Evidence of {s.replace('_', '-')}: matches of its documented evidence list, plus negated "
            "concerns (features/keywords.py). A count, not a rate: evidence does not shrink when a child "
            "also talks about something else.",
        )
        for s in SKILLS
    )
    + tuple(
        _count(
            concern_column(s),
            Role.LINGUISTIC,
            f"Concerns about {s.replace('_', '-')}: matches of its documented concern list (avoiding, "
            "blaming, lashing out, giving up), plus negated evidence.",
        )
        for s in SKILLS
    )
)

BEHAVIORAL: tuple[Column, ...] = (
    _unit("task_completion_rate", Role.BEHAVIORAL, "Share of game tasks completed."),
    Column("time_on_task_s", "float", Role.BEHAVIORAL, "Seconds spent on the task.", 1.0, None),
    _count("retry_count", Role.BEHAVIORAL, "Times the student retried after failing."),
    _count("hint_requests", Role.BEHAVIORAL, "Hints the student asked for."),
    _count("peer_help_count", Role.BEHAVIORAL, "Times the student helped another player."),
    _count("pause_count", Role.BEHAVIORAL, "Deliberate pauses before acting."),
    _unit("error_recovery_rate", Role.BEHAVIORAL, "Share of errors followed by a correct move."),
    _unit("persistence_after_failure", Role.BEHAVIORAL, "Share of failures followed by a new attempt."),
    _count("calm_down_actions", Role.BEHAVIORAL, "Uses of the game's calm-down corner."),
)

DERIVED: tuple[Column, ...] = tuple(
    _unit(
        composite_column(s),
        Role.DERIVED,
        f"Telemetry composite for {s.replace('_', '-')} (see behavior.derived_composites).",
    )
    for s in SKILLS
)

LABELS: tuple[Column, ...] = tuple(
    _unit(score_column(s), Role.LABEL, f"Rated {s.replace('_', '-')} score.") for s in SKILLS
)

COLUMNS: dict[str, Column] = {
    c.name: c for c in (*METADATA, TEXT, GROUP, *LATENT, *LINGUISTIC, *BEHAVIORAL, *DERIVED, *LABELS)
}

RESPONSE_COLUMNS: tuple[str, ...] = (
    "sample_id",
    "skill",
    "level",
    "grade",
    "text",
    "template_id",
    "wording",
    "source",
    *(c.name for c in LATENT),
)
LINGUISTIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in LINGUISTIC)
TELEMETRY_COLUMNS: tuple[str, ...] = tuple(c.name for c in BEHAVIORAL)
DERIVED_COLUMNS: tuple[str, ...] = tuple(c.name for c in DERIVED)
BEHAVIORAL_COLUMNS: tuple[str, ...] = TELEMETRY_COLUMNS + DERIVED_COLUMNS
FEATURE_COLUMNS: tuple[str, ...] = LINGUISTIC_COLUMNS + BEHAVIORAL_COLUMNS
LABEL_COLUMNS: tuple[str, ...] = tuple(c.name for c in LABELS)
# What the features measure, for choosing the models' inputs (``model.features``).
FEATURE_FAMILIES: dict[str, tuple[str, ...]] = {
    "evidence": tuple(c for s in SKILLS for c in (keyword_column(s), concern_column(s))),
    "sentiment": ("vader_compound", "textblob_polarity", "textblob_subjectivity"),
    "style": tuple(
        name
        for name in LINGUISTIC_COLUMNS
        if not name.startswith(("keywords_", "concerns_"))
        and name not in ("vader_compound", "textblob_polarity", "textblob_subjectivity")
    ),
    "telemetry": BEHAVIORAL_COLUMNS,
}


def model_inputs(families: Sequence[str]) -> tuple[str, ...]:
    """The feature columns of ``families``, in contract order: what the models read."""
    chosen = {name for family in families for name in FEATURE_FAMILIES[family]}
    return tuple(name for name in FEATURE_COLUMNS if name in chosen)


RATIONALE_COLUMNS: tuple[str, ...] = tuple(rationale_column(s) for s in SKILLS)  # not in the training table
TRUE_COLUMNS: tuple[str, ...] = tuple(c.name for c in LATENT)
TRAINING_COLUMNS: tuple[str, ...] = (
    "sample_id",
    "skill",
    "level",
    "grade",
    "template_id",
    "wording",
    "source",
    "text",
    *FEATURE_COLUMNS,
    *LABEL_COLUMNS,
    *TRUE_COLUMNS,
)
# Real labelled sessions, as a team has them: one row per session and rater, read by real/rules.py.
REAL_ID_COLUMNS: tuple[str, ...] = ("sample_id", "id")  # the first one a file has names its sessions
REAL_GROUP_COLUMNS: tuple[str, ...] = ("group_id", "student_id")  # the first one a file has groups them
RATER_COLUMN: str = "rater_id"  # several rows per session, one per rater
REAL_FILE_REQUIRED: tuple[str, ...] = ("text", "grade")  # besides an id; telemetry and scores are optional
REAL_COLUMNS: tuple[str, ...] = (
    "sample_id",
    GROUP.name,
    "grade",
    TEXT.name,
    *FEATURE_COLUMNS,
    *LABEL_COLUMNS,
)  # the `real` stage's table: one row per session, features computed, mean rating in [0, 1] (empty = not rated)
