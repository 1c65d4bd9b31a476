"""The spoken-language banks around the skill moves: set-up, retelling, other people, side talk, repairs.

None of this is skill evidence. It is what children say while they tell what happened: where they
were, who was there, what others did and said, things that have nothing to do with it, and the
words they restart or correct. It makes a response as long as the child is talkative, whatever
their skill. Every clause is spoken, without end punctuation, and may hold the slots ``{friend}``,
``{they}``, ``{them}``, ``{their}``, ``{were}``, ``{themself}``, ``{thing}``, ``{helper}`` and ``{game}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pronouns:
    """How a child refers to another child after naming them."""

    they: str
    them: str
    their: str
    were: str  # the past of "to be" that agrees with ``they``
    themself: str


SHE = Pronouns("she", "her", "her", "was", "herself")
HE = Pronouns("he", "him", "his", "was", "himself")
THEY = Pronouns("they", "them", "their", "were", "themself")

# First names a child uses for a classmate, with the pronouns the child then uses.
NAMES: tuple[tuple[str, Pronouns], ...] = (
    ("Maya", SHE), ("Leo", HE), ("Sofia", SHE), ("Jayden", HE), ("Ava", SHE), ("Mateo", HE),
    ("Zoe", SHE), ("Eli", HE), ("Priya", SHE), ("Omar", HE), ("Lily", SHE), ("Noah", HE),
    ("Kai", THEY), ("Aria", SHE), ("Ben", HE), ("Nia", SHE), ("Sam", THEY), ("Lucas", HE),
)
NAME_CHANCE = 0.7  # a classmate is named ("Maya", or "my friend Maya" then "Maya") rather than only "my friend"

GAMES: tuple[str, ...] = (
    "the island game", "Castle Quest", "the space game", "the robot game", "the maze game",
    "the team game", "the puzzle game", "the racing game", "the garden game", "the music game",
)

# Where and when: the first thing many children say.
CONTEXT: tuple[str, ...] = (
    "we were playing {game} in class", "it was in computer class", "we were doing {game} after lunch",
    "me and {friend} were on the same team", "it was the last round", "we were on {thing}",
    "we had to finish {thing} before the bell rang", "it was during indoor recess",
    "everybody was playing {game} at the same time", "it was my second time playing {game}",
    "we were in the library on the tablets", "our teacher said that we could play {game}",
    "we were in groups of four", "it was right before lunch", "there was a timer at the top",
    "my team was me, {friend} and two other kids", "we got to pick who we wanted to play with",
    "the teacher put us in teams so we could play {game}", "we had been playing {game} for like a week",
)

# Retelling what happened in the game, without saying what anyone did about it.
DETAILS: tuple[str, ...] = (
    "there was this big wall that you had to climb", "you have to collect all the stars to win",
    "{thing} was hard", "it was the hardest part", "there were these little monsters that chase you",
    "you only get three lives", "the timer was going fast", "we were almost at the end",
    "everybody was watching the big screen", "it makes this loud noise when you lose",
    "you have to jump over the lava to get to the other side", "the blue team was winning",
    "there's a part where you have to build stuff", "you have to get the key to open the door",
    "it was the level with the ice", "the screen went all red", "we only had a minute left",
    "the points go up when you get it right", "it was loud in there", "some kids were already done",
    "the teacher was helping another group", "it was confusing because nobody told us the rules",
    "when we got to the castle there was this huge gate", "we needed to get ten more points to win",
    "I thought that we were gonna win", "the teacher said that we had five more minutes",
    "we were losing by a lot", "it kept beeping every time somebody missed",
    "you lose all your coins if you fall", "the other team already finished their part",
    "the game said that we had to start over", "we tried to get past the guard before the time ran out",
)

# What other people did and said: the story around the child, in the third person.
REACTIONS: tuple[str, ...] = (
    "{friend} was like, no way", "{they} just put {their} head down", "some kids were laughing",
    "everybody was yelling", "{friend} didn't say anything", "{they} {were} quiet after that",
    "the other team was cheering", "{friend} kept saying that it wasn't fair", "{helper} came over",
    "{they} threw {their} hands up", "nobody knew what to do", "{friend} looked at me",
    "then everybody started talking at once", "{they} said that {they} didn't care", "{friend} was mad",
    "the kid next to us was laughing", "{friend} said let's just go", "{they} started to walk away",
    "{friend} wanted to do it by {themself}", "the other kids kept telling us what to do",
    "{they} said that it was the worst game ever", "everybody was mad because we lost",
    "{friend} said that {they} hated that level", "a kid on the other team was bragging about it",
    "{helper} told everybody to sit down", "{they} looked like {they} didn't know what happened",
)

# Side talk: true, ordinary, and nothing to do with the question.
OFF_TOPIC: tuple[str, ...] = (
    "I have that game at home too", "my favorite part is the dragon", "I beat my brother at it once",
    "we had pizza that day", "my mom says that I play it too much", "my cousin is good at it",
    "the music in that game is funny", "I like the blue level best", "it was a Friday",
    "I was wearing my new shoes", "my dog always watches me play", "we had music class after that",
    "I want to get the gold skin", "my sister plays it too", "it was raining outside",
    "I was hungry", "the tablets in our class are old", "my best score is like five hundred",
    "I don't like the red team", "after that we went to lunch", "my dad got me that game for my birthday",
    "we were supposed to do math after that", "I forgot my water bottle that day",
    "the one at my house is way faster", "I stayed up late the night before",
)

# How a child wraps up.
ENDINGS: tuple[str, ...] = (
    "so yeah", "that's it", "and that's what happened", "the end", "that's all", "so that was it",
    "and then we went back to class", "yeah, that's what I did",
)

# How retelling runs on, joining a clause to the sentence before it or opening the next one.
TALK_JOINS: tuple[str, ...] = (
    "{a}, and {b}", "{a} and {b}", "{a}, and {b}", "{a} and then {b}", "{a}, so {b}", "{a} because {b}",
    "{a} when {b}", "{a}, and I think {b}", "{a}, and I remember {b}",
)
TALK_STARTERS: tuple[str, ...] = ("and ", "so ", "and then ", "but ")

# Said instead of a sentence start, or before a repeated word: a restart while talking.
RESTARTS: tuple[str, ...] = ("I mean", "wait", "no", "like")
TAGS: tuple[str, ...] = ("you know", "I guess", "or something", "and stuff", "kind of")


@dataclass(frozen=True)
class TalkBank:
    """The spoken material of one grade band's talkers, beyond the shared banks above."""

    context: tuple[str, ...]
    details: tuple[str, ...]
    reactions: tuple[str, ...]
    off_topic: tuple[str, ...]
    endings: tuple[str, ...]


TALK: dict[str, TalkBank] = {
    "early": TalkBank(
        context=("me and {friend} were playing", "it was at school", "we were playing it on the tablet"),
        details=("it was so hard", "there was a big monster", "you have to go really fast"),
        reactions=("{friend} was crying", "{they} said I'm not playing anymore", "everybody was loud"),
        off_topic=("I have a hamster", "my tooth was loose that day", "I like pizza"),
        endings=("the end", "that's it"),
    ),
    "middle": TalkBank(
        context=("this was last week in class", "we were doing the challenge round"),
        details=("the level had all these traps", "we had a lot of points before that"),
        reactions=("{friend} was pretty upset about it", "some people were getting annoyed"),
        off_topic=("I usually play it with my cousin", "I got a new high score last week"),
        endings=("so yeah, that's what happened",),
    ),
    "upper": TalkBank(
        context=("this was during the group challenge in class", "we were partnered up for the project level"),
        details=("the level was honestly pretty difficult", "we had been stuck on it for a while"),
        reactions=("{friend} was obviously frustrated", "a couple of people started arguing about it"),
        off_topic=("I honestly think the graphics are kind of outdated", "I've played it a lot at home"),
        endings=("that's basically what happened", "so that's how it went"),
    ),
}


def talk_for(band: str, kind: str) -> tuple[str, ...]:
    """The shared clauses of ``kind`` (context, details, reactions, off_topic, endings) plus ``band``'s own."""
    shared = {"context": CONTEXT, "details": DETAILS, "reactions": REACTIONS, "off_topic": OFF_TOPIC,
              "endings": ENDINGS}[kind]
    return shared + getattr(TALK[band], kind)
