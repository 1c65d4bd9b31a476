"""The documented per-skill keyword lists that the keyword-count features match.

Each list holds lower-case words or phrases a rater listens for as evidence of the skill, in the
forms children use them (inflections are listed: matching is on the lower-cased surface form, so a
feature means the same whatever spaCy model lemmatises the text). A phrase counts once where it
appears; overlapping entries (``calm`` inside ``calm down``) count once, the longest match winning.
"""

from __future__ import annotations

SKILL_KEYWORDS: dict[str, tuple[str, ...]] = {
    # Naming feelings, perspective-taking, caring actions.
    "empathy": (
        "feel", "feels", "felt", "feeling", "feelings", "sad", "upset", "hurt", "lonely",
        "left out", "worried", "scared", "disappointed", "their side", "in their shoes",
        "how they felt", "how she felt", "how he felt", "understand", "understood",
        "care", "cared", "kind", "comfort", "comforted", "hug", "listen", "listened",
        "share", "shared", "include", "included", "sorry", "help them", "helped them",
        "help her", "helped her", "help him", "helped him", "are you okay", "friend",
    ),
    # Naming the problem, planning steps, weighing options, checking results.
    "problem_solving": (
        "problem", "plan", "planned", "idea", "ideas", "first", "next", "then", "step",
        "steps", "figure out", "figured out", "try", "tried", "option", "options",
        "another way", "different way", "solution", "solve", "solved", "check",
        "checked", "test", "tested", "compare", "compared", "clue", "clues", "because",
        "if", "instead", "decide", "decided", "strategy", "pattern", "works", "worked",
    ),
    # Noticing one's own state, calming strategies, pausing, refocusing.
    "self_regulation": (
        "calm", "calm down", "calmed down", "breath", "breathe", "breathed",
        "deep breath", "count to ten", "counted to ten", "counted", "wait", "waited",
        "pause", "paused", "stop", "stopped", "slow down", "slowed down", "focus",
        "focused", "patient", "relax", "relaxed", "control", "mad", "angry", "frustrated",
        "take a break", "took a break", "think before", "thought before", "my turn",
        "quiet", "settle", "settled", "self-talk", "told myself",
    ),
    # Acknowledging setbacks, trying again, learning from mistakes, keeping going.
    "resilience": (
        "again", "try again", "tried again", "keep going", "kept going", "keep trying",
        "kept trying", "give up", "gave up", "didn't give up", "never give up", "mistake",
        "mistakes", "learn", "learned", "practice", "practiced", "fail", "failed",
        "failure", "hard", "harder", "tough", "not yet", "next time", "better",
        "improve", "improved", "bounce back", "get better", "got better", "brave",
        "proud", "effort", "persist", "still",
    ),
}


def skill_keywords(skill: str) -> tuple[str, ...]:
    """The keyword list for ``skill``."""
    return SKILL_KEYWORDS[skill]

