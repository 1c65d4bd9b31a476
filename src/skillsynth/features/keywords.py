"""The documented per-skill word lists that the evidence and concern counts match.

Each skill has two lists of lower-case words or phrases a rater listens for, in the forms children
use them (inflections are listed: matching is on the lower-cased surface form, so a feature means
the same whatever spaCy model lemmatises the text):

- **evidence** (``SKILL_KEYWORDS``): the skill at work — noticing how someone feels, planning,
  calming down, trying again;
- **concerns** (``SKILL_CONCERNS``): its absence — mocking, quitting, lashing out, giving up.

Four rules make the counts mean what a rater means:

- *Negation*: a match with a negation among the three words before it, in the same clause
  ("I *didn't* give up", "I was *not* calm"), counts for the other list.
- *Whose feeling, whose act*: feeling words are evidence of self-regulation only when the child
  names their own (``FIRST_PERSON_ONLY``: "I was getting mad", not "he was mad"), and of empathy
  only when the child names someone else's (``OTHERS_ONLY``: "she looked sad", not "I was sad");
  a concern counts only when it is not someone else's act ("some kids laughed at her drawing" is
  the story, "I laughed at her" the concern; in "I told her to hurry up" the one told is not the
  one who acts).
- *Said, not repeated*: a phrase counts once per distinct sentence it is said in, so saying a
  sentence twice, or adding one that holds no evidence, changes nothing.
- *Longest match*: overlapping entries (``calm`` inside ``calm down``) count once, the longest
  winning. The lists of different skills share no entry.
"""

from __future__ import annotations

SKILL_KEYWORDS: dict[str, tuple[str, ...]] = {
    # Noticing how someone else feels, taking their side, caring actions.
    "empathy": (
        "sad", "upset", "hurt", "lonely", "left out", "worried", "scared", "disappointed",
        "their side", "in their shoes", "how they felt", "how she felt", "how he felt",
        "how they were feeling", "how she was feeling", "how he was feeling", "understand", "understood",
        "care", "cared", "cares", "kind", "comfort", "comforted", "hug", "hugged", "listen", "listened",
        "share", "shared", "include", "included", "sorry", "help them", "helped them", "help her",
        "helped her", "help him", "helped him", "are you okay", "if she was okay", "if he was okay",
        "if they were okay", "feel better", "cheer up", "cheered up", "sat with", "stayed with",
    ),
    # Naming the problem, planning steps, weighing options, checking results.
    "problem_solving": (
        "problem", "plan", "planned", "idea", "ideas", "step", "steps", "figure out", "figured out",
        "option", "options", "another way", "different way", "new way", "solution", "solve", "solved",
        "check", "checked", "test", "tested", "compare", "compared", "clue", "clues", "instead",
        "decide", "decided", "strategy", "pattern", "it worked", "that worked", "first we", "first i",
        "what was wrong", "what went wrong", "instructions", "make sure",
    ),
    # Noticing one's own strong feelings, calming strategies, pausing, refocusing.
    "self_regulation": (
        "calm", "calm down", "calmed down", "breath", "breathe", "breathed", "deep breath",
        "count to ten", "counted to ten", "counted", "wait", "waited", "pause", "paused",
        "stop myself", "stopped myself", "slow down", "slowed down", "focus", "focused", "patient",
        "patiently", "relax", "relaxed", "control", "in control", "mad", "angry", "frustrated", "annoyed",
        "take a break", "took a break", "think before", "thought before", "quiet", "quietly", "settle",
        "settled", "told myself", "said to myself", "in my head",
    ),
    # Owning a setback, trying again, learning from mistakes, keeping going.
    "resilience": (
        "again", "try again", "tried again", "keep going", "kept going", "keep trying", "kept trying",
        "mistake", "mistakes", "learn", "learned", "practice", "practiced", "practicing", "fail",
        "failed", "failure", "not yet", "next time", "improve", "improved", "bounce back", "get better",
        "got better", "brave", "proud", "effort", "persist", "one more time", "over and over",
        "messed up", "finally",
    ),
}

SKILL_CONCERNS: dict[str, tuple[str, ...]] = {
    # Not noticing, blaming or mocking the other child, walking off.
    "empathy": (
        "laugh at", "laughed", "laughed at", "laughing at", "made fun", "make fun", "teased", "tease",
        "own fault", "their fault", "her fault", "his fault", "baby", "ignored", "ignore",
        "walked away", "walk away", "whatever", "hurry up", "come on", "so slow", "don't care", "didn't care",
        "not my problem", "mean to", "didn't notice", "not notice", "not really notice", "kept playing",
        "play something else", "sit with other kids", "said nothing", "annoyed at", "got annoyed",
        "her own fault", "his own fault", "their own fault", "your own fault", "back to my own game",
    ),
    # Quitting, guessing, blaming the puzzle, leaving it to others.
    "problem_solving": (
        "gave up on", "give up on", "guess", "guessed", "random", "clicking", "broken",
        "dumb", "stupid", "no idea", "didn't know what to do", "don't know how", "left it",
        "walked away from", "do all of it", "did all of it", "too hard", "impossible", "quit the", "just quit",
        "sat there", "everyone else", "got mad and left", "at the screen", "until something happened",
        "got mad and yelled",
    ),
    # Lashing out, grabbing, storming off, melting down.
    "self_regulation": (
        "yelled", "yell", "screamed", "scream", "pushed", "push", "threw", "throw", "hit", "kicked",
        "grabbed", "grab", "slammed", "stomped", "stomp", "cheater", "lost it", "freaked out", "meltdown",
        "called them", "took their turn", "punched", "shoved", "snatched", "kicking", "can't remember",
        "yelling", "screaming", "all their fault", "all her fault", "all his fault", "all your fault",
    ),
    # Giving up, blaming the game, putting oneself down, avoiding the hard part.
    "resilience": (
        "give up", "gave up", "giving up", "quit", "quitting", "unfair", "cheating", "bad at",
        "not good at", "can't do it", "never going to", "turned the game off", "turned it off", "turn the game off",
        "turn it off",
        "stop playing", "stopped playing", "easier level", "different game", "never again",
        "i'm bad", "i'm just not", "mad and left", "pointless", "threw the tablet", "don't know",
    ),
}

# Feeling words that are evidence only when the child names their own feeling, or only someone else's.
FIRST_PERSON_ONLY: dict[str, frozenset[str]] = {
    "self_regulation": frozenset({"mad", "angry", "frustrated", "annoyed", "calm", "relaxed", "quiet", "patient"}),
}
OTHERS_ONLY: dict[str, frozenset[str]] = {
    "empathy": frozenset({"sad", "upset", "hurt", "lonely", "left out", "worried", "scared", "disappointed"}),
}


def skill_keywords(skill: str) -> tuple[str, ...]:
    """The evidence list for ``skill``."""
    return SKILL_KEYWORDS[skill]
