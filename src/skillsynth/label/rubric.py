"""The written rubric the LLM judge scores against: what 0, 0.25, 0.5, 0.75 and 1 mean for each skill."""

from __future__ import annotations

from skillsynth.contract import SKILL_DEFINITIONS, SKILLS

# Anchors from absent (0) to exceptional for the child's age (1). Evidence is what the child says
# they noticed, thought, felt and did, plus what the telemetry shows they did in the game.
ANCHORS: dict[str, tuple[str, str, str, str, str]] = {
    "empathy": (
        "no notice of anyone else's feelings; or mocks, blames or ignores someone who is upset",
        "notices that someone is upset but does nothing, or only says how it affected themself",
        "names the other person's feeling and does one small kind thing",
        "takes the other person's view (why they feel so) and acts to help or include them",
        "reads the feeling, explains it from the other's view, helps in a fitting way and checks back on them",
    ),
    "problem_solving": (
        "gives up or waits for someone else; no attempt to work out what is wrong",
        "tries one thing by chance, or repeats the same failing move",
        "says what the problem is and tries a sensible idea",
        "works out the cause, tries more than one idea and changes plan when one fails",
        "plans, tests ideas step by step, uses what went wrong, and explains why the fix worked",
    ),
    "self_regulation": (
        "acts on the feeling at once: yells, hits, quits or breaks things, with no sign of noticing it",
        "notices the strong feeling only afterwards, or calms down only when an adult steps in",
        "notices the feeling and uses one strategy (a breath, a pause) before acting",
        "names the feeling, chooses a strategy on their own and responds calmly",
        "anticipates the feeling, uses strategies flexibly and reflects on what helps them stay calm",
    ),
    "resilience": (
        "quits after failing and talks about it as proof they are bad at it",
        "tries again only when pushed, or stays discouraged",
        "feels bad but tries again on their own",
        "tries again with a changed approach and talks about failing as part of learning",
        "keeps going through repeated failure, learns from each try and encourages others or themself",
    ),
}
SCORE_POINTS: tuple[str, ...] = ("0", "0.25", "0.5", "0.75", "1")


def rubric_text() -> str:
    """The rubric of all four skills, as the judge reads it."""
    sections = []
    for skill in SKILLS:
        anchors = "\n".join(f"  {point}: {anchor}" for point, anchor in zip(SCORE_POINTS, ANCHORS[skill], strict=True))
        sections.append(f"{skill} ({SKILL_DEFINITIONS[skill]}):\n{anchors}")
    return "\n".join(sections)
