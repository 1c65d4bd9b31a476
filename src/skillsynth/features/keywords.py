"""The documented per-skill word lists that the evidence and concern counts match.

Each skill has two lists of lower-case words or phrases a rater listens for, in the forms children
use them (inflections are listed: matching is on the lower-cased surface form, so a feature means
the same whatever spaCy model lemmatises the text):

- **evidence** (``SKILL_KEYWORDS``): the skill at work — naming feelings, planning, calming down,
  trying again;
- **concerns** (``SKILL_CONCERNS``): its absence — avoiding, blaming, lashing out, giving up.

Matching is negation-aware: a match with a negation among the three words before it, in the same
clause ("I *didn't* give up", "I was *not* calm"), counts for the other list. A phrase counts once
where it appears; overlapping entries (``calm`` inside ``calm down``) count once, the longest match
winning.
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
        "help her", "helped her", "help him", "helped him", "are you okay",
    ),
    # Naming the problem, planning steps, weighing options, checking results.
    "problem_solving": (
        "problem", "plan", "planned", "idea", "ideas", "first", "next", "step",
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
        "kept trying", "mistake",
        "mistakes", "learn", "learned", "practice", "practiced", "fail", "failed",
        "failure", "hard", "harder", "tough", "not yet", "next time", "better",
        "improve", "improved", "bounce back", "get better", "got better", "brave",
        "proud", "effort", "persist", "still",
    ),
}


SKILL_CONCERNS: dict[str, tuple[str, ...]] = {
    # Not noticing, blaming or mocking the other child, walking off.
    "empathy": (
        "laughed", "laughed at", "laughing at", "made fun", "teased", "own fault", "their fault",
        "her fault", "his fault", "baby", "ignored", "ignore", "walked away", "whatever",
        "hurry up", "annoyed", "so slow", "don't care", "didn't care", "not my problem", "mean to",
        "dumb", "weird", "left them", "didn't notice", "kept playing",
    ),
    # Quitting, guessing, blaming the puzzle, leaving it to others.
    "problem_solving": (
        "quit", "gave up", "give up", "random", "guessed", "clicking everything", "broken",
        "dumb", "stupid", "no idea", "don't know", "didn't know", "left it", "walked away",
        "do all of it", "did all of it", "got mad", "yelled", "too hard", "impossible", "cheat",
    ),
    # Lashing out, grabbing, storming off, melting down.
    "self_regulation": (
        "yelled", "yell", "screamed", "scream", "pushed", "push", "threw", "throw", "hit", "kicked",
        "grabbed", "grab", "slammed", "stomped", "cheater", "lost it", "freaked out", "meltdown",
        "crying and kicking", "called them", "their fault", "all their fault", "took their turn",
        "punched", "shoved", "snatched",
    ),
    # Giving up, blaming the game, putting oneself down, avoiding the hard part.
    "resilience": (
        "give up", "gave up", "giving up", "quit", "quitting", "unfair", "cheating", "bad at",
        "not good at", "can't do it", "never going to", "turned the game off", "turned it off",
        "stopped playing", "easier level", "different game", "never again", "threw the tablet",
        "i'm bad", "i'm just not", "got mad and left", "pointless",
    ),
}


def skill_keywords(skill: str) -> tuple[str, ...]:
    """The evidence list for ``skill``."""
    return SKILL_KEYWORDS[skill]

