"""The phrase banks of the template generator: game scenarios, skill moves and grade-band lexicons."""

from __future__ import annotations

from dataclasses import dataclass

# Strength tiers of a skill move, weakest first; a tier's index is what the composer draws.
STRENGTHS: tuple[str, ...] = ("weak", "medium", "strong")


@dataclass(frozen=True)
class Scenario:
    """A moment in the game the student talks about.

    ``event`` is the clause that follows "when" in the opener; ``thing`` is what moves call
    ``{thing}``. Both may hold the slot ``{friend}``.
    """

    id: str
    event: str
    thing: str


@dataclass(frozen=True)
class Move:
    """One kind of skill evidence, said at three strengths (see ``STRENGTHS``).

    Variants are spoken clauses without end punctuation. Strong variants carry more and clearer
    words from the skill's keyword list than weak ones, but each says one thing in those words and
    the rest in a child's everyday words (what they did, with what, and why), and many medium
    variants use none: a child on topic names the skill a word or two per move, not a list of them.
    ``gives_reason`` marks moves that read well as the reason half of a joined sentence ("I took a
    breath because I noticed I was mad").
    """

    id: str
    weak: tuple[str, ...]
    medium: tuple[str, ...]
    strong: tuple[str, ...]
    gives_reason: bool = False

    def variants(self, strength: int) -> tuple[str, ...]:
        """The variants at ``strength`` (an index into ``STRENGTHS``)."""
        return (self.weak, self.medium, self.strong)[strength]


@dataclass(frozen=True)
class LowSkillMove:
    """Something a developing student says instead of skill evidence: avoiding, blaming, quitting.

    ``act`` is False for moves that only show the skill is absent ("I don't know what I did"), not an
    act against it: the behaviour gate's unhelpful-move cases leave them out.
    """

    id: str
    variants: tuple[str, ...]
    act: bool = True


@dataclass(frozen=True)
class GradeBand:
    """Vocabulary, connectives and fillers of one band of grades.

    Join patterns hold ``{a}`` (the earlier clause) and ``{b}`` (the later one); a pattern that
    does not start with ``{a}`` reorders or subordinates, so it is only used on a single clause.
    Filler patterns wrap a sentence ``{s}``; openers wrap the scenario ``{event}``.
    """

    name: str
    grades: range
    feelings: tuple[str, ...]
    good_feelings: tuple[str, ...]
    friends: tuple[str, ...]
    helpers: tuple[str, ...]
    intensifiers: tuple[str, ...]
    openers: tuple[str, ...]
    opener_sentences: tuple[str, ...]
    sequence_joins: tuple[str, ...]
    contrast_joins: tuple[str, ...]
    reason_joins: tuple[str, ...]
    sequence_starters: tuple[str, ...]
    contrast_starters: tuple[str, ...]
    fillers: tuple[str, ...]
    max_clauses_per_sentence: int


GRADE_BANDS: tuple[GradeBand, ...] = (
    GradeBand(
        name="early",
        grades=range(1, 4),
        feelings=("sad", "mad", "scared", "grumpy", "upset"),
        good_feelings=("happy", "good", "okay"),
        friends=("my friend", "my buddy", "this kid", "my partner"),
        helpers=("my teacher", "my mom", "my big sister", "my dad"),
        intensifiers=("really", "very", "so", "so so"),
        openers=("when {event}, ", "one time when {event}, ", "this one time when {event}, "),
        opener_sentences=("this one time {event}", "one time {event}"),
        sequence_joins=("{a} and {b}", "{a} and then {b}", "{a}, and {b}", "{a} so {b}"),
        contrast_joins=("{a} but {b}", "{a} but then {b}"),
        reason_joins=("{b} because {a}", "{a} and {b}"),
        sequence_starters=("and then ", "and ", "so "),
        contrast_starters=("but then ", "but "),
        fillers=("um, {s}", "uh, {s}", "like, {s}", "um, so {s}"),
        max_clauses_per_sentence=2,
    ),
    GradeBand(
        name="middle",
        grades=range(4, 7),
        feelings=("upset", "worried", "frustrated", "nervous", "annoyed", "embarrassed"),
        good_feelings=("relieved", "calmer", "good again"),
        friends=("my teammate", "my partner", "my friend", "the new kid"),
        helpers=("my teacher", "my coach", "my older brother", "the game helper"),
        intensifiers=("really", "so", "very", "a little"),
        openers=("when {event}, ", "this one time when {event}, ", "so when {event}, "),
        opener_sentences=("so this one time {event}", "in the game, {event}"),
        sequence_joins=("{a}, so {b}", "{a}, and after that {b}", "{a} and then {b}", "{a}, then {b}"),
        contrast_joins=("{a}, but {b}", "{a}, but then {b}"),
        reason_joins=("{b} because {a}", "when {a}, {b}", "{a}, so {b}"),
        sequence_starters=("after that, ", "then ", "so "),
        contrast_starters=("but ", "but then "),
        fillers=("um, {s}", "like, {s}", "I think {s}", "{s}, you know"),
        max_clauses_per_sentence=3,
    ),
    GradeBand(
        name="upper",
        grades=range(7, 13),
        feelings=("disappointed", "overwhelmed", "anxious", "discouraged", "embarrassed", "stressed"),
        good_feelings=("relieved", "confident", "a lot calmer"),
        friends=("my teammate", "my lab partner", "a classmate", "my friend"),
        helpers=("my teacher", "my coach", "the counselor", "my older sister"),
        intensifiers=("really", "very", "a little", "extremely", "so"),
        openers=("when {event}, ", "once, when {event}, ", "during the game, when {event}, "),
        opener_sentences=("there was a time when {event}", "earlier in the game, {event}"),
        sequence_joins=(
            "{a}, and then {b}",
            "{a}, which meant {b}",
            "{a}, and after that {b}",
            "{a}; after that, {b}",
        ),
        contrast_joins=(
            "{a}; however, {b}",
            "although {a}, {b}",
            "even though {a}, {b}",
            "{a}, but instead {b}",
            "{a}, but {b}",
        ),
        reason_joins=("since {a}, {b}", "{b} since {a}", "{a}, which meant {b}", "{b} because {a}"),
        sequence_starters=("after that, ", "eventually, ", "then "),
        contrast_starters=("however, ", "instead, ", "but "),
        fillers=("I think {s}", "{s}, you know", "honestly, {s}", "I guess {s}", "like, {s}"),
        max_clauses_per_sentence=4,
    ),
)


def band_for_grade(grade: int) -> GradeBand:
    """The grade band that holds ``grade`` (1-12)."""
    for band in GRADE_BANDS:
        if grade in band.grades:
            return band
    raise ValueError(f"grade {grade!r} is outside every grade band; expected an int in 1..12")


SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "empathy": (
        Scenario("lost_race", "{friend} lost the race", "the race"),
        Scenario("not_picked", "nobody picked {friend} for the team", "the relay race"),
        Scenario("tower_fell", "{friend}'s tower got knocked over", "the tower"),
        Scenario("new_kid", "the new kid had nobody to play with", "the scavenger hunt"),
        Scenario("lost_points", "{friend} lost all {their} points", "the points"),
        Scenario("drawing_laughed", "some kids laughed at {friend}'s drawing", "the drawing"),
        Scenario("wrong_answer", "{friend} got the answer wrong in front of everyone", "the quiz"),
        Scenario("pet_ran_away", "{friend}'s pet in the game ran away", "the pet"),
        Scenario("stuck_level", "{friend} was stuck on the last level", "the level"),
        Scenario("missed_goal", "{friend} missed the goal and our team lost", "the match"),
    ),
    "problem_solving": (
        Scenario("bridge", "the bridge puzzle would not connect", "the bridge"),
        Scenario("maze", "we got lost in the maze", "the maze"),
        Scenario("castle_door", "the door in the castle level would not open", "the door"),
        Scenario("few_blocks", "we did not have enough blocks for the tower", "the tower"),
        Scenario("code_lock", "the code lock kept saying wrong", "the lock"),
        Scenario("river", "we had to get everyone across the river", "the river crossing"),
        Scenario("torn_map", "the treasure map had a piece missing", "the map"),
        Scenario("robot_wall", "my robot kept walking into the wall", "the robot"),
        Scenario("garden", "the plants in our garden level kept dying", "the garden"),
        Scenario("potion", "the potion recipe was not working", "the potion"),
    ),
    "self_regulation": (
        Scenario("turn_taken", "another kid took my turn", "the climbing wall"),
        Scenario("coins_lost", "I lost all my coins right at the end", "the coins"),
        Scenario("castle_wrecked", "{friend} wrecked our castle", "the castle"),
        Scenario("timer", "the timer ran out before I finished", "the puzzle"),
        Scenario("called_out", "the referee said I was out but I was not", "the match"),
        Scenario("loud_room", "everyone was yelling during the quiz round", "the quiz"),
        Scenario("tower_knocked", "someone knocked down my tower", "my tower"),
        Scenario("sibling_won", "my little brother beat me at the racing game", "the race"),
        Scenario("game_froze", "the game froze and deleted everything I did", "the level"),
        Scenario("avatar_teased", "a kid made fun of my avatar", "my avatar"),
    ),
    "resilience": (
        Scenario("fell_three_times", "I fell off the level three times", "the level"),
        Scenario("lost_match", "our team lost the big match", "the match"),
        Scenario("spelling_round", "I got a bunch of words wrong in the spelling round", "the spelling round"),
        Scenario("rocket_crash", "my rocket crashed on the launch", "the rocket"),
        Scenario("boss", "I could not beat the boss at the end", "the boss level"),
        Scenario("puzzle_time", "I ran out of time on the puzzle", "the puzzle"),
        Scenario("egg_race", "I dropped the egg in the egg race", "the egg race"),
        Scenario("big_jump", "I kept missing the big jump", "the jump"),
        Scenario("song", "I sang all the wrong notes in my song in the music level", "the song"),
        Scenario("score_reset", "my score went back to zero", "the level"),
    ),
}

SKILL_MOVES: dict[str, tuple[Move, ...]] = {
    "empathy": (
        Move(
            "name_feeling",
            weak=(
                "{friend} looked a bit down",
                "{friend} was not smiling",
                "{friend} got {intensifier} quiet",
                "{their} face looked kind of weird",
                "{friend} didn't want to talk to anybody",
            ),
            medium=(
                "I could tell {friend} was {feeling}",
                "{friend} looked {intensifier} sad",
                "{friend} had this look on {their} face like something was wrong",
                "{friend} stopped talking to everybody",
                "{they} looked like {they} {were} gonna cry",
                "I saw {friend} rubbing {their} eyes",
            ),
            strong=(
                "I could tell {friend} felt really sad because {they} kept looking down at the floor",
                "I noticed {friend} was upset because {their} voice went all shaky",
                "I saw that {friend} felt {feeling} and {they} didn't even want to finish the game",
                "I could see that {friend} felt left out because {they} {were} standing over by the wall",
                "I could tell that {friend} felt hurt because {they} wouldn't look at anybody",
                "I knew {friend} was upset even though {they} kept saying that {they} {were} fine",
            ),
            gives_reason=True,
        ),
        Move(
            "perspective_taking",
            weak=(
                "I thought about it",
                "that happened to me once too",
                "I would not like that either",
                "I kind of know what that's like",
                "I thought about what happened to {them}",
            ),
            medium=(
                "I thought about how I would feel if that was me",
                "I tried to think about {their} side",
                "I remembered when that happened to me",
                "I thought, what if that was me",
                "I thought about how bad I would feel if everybody saw me mess up like that",
                "I know how that feels because it happened to me last year",
            ),
            strong=(
                "I tried to understand how embarrassing that would be for {them}",
                "I thought about how {they} felt, with everybody looking at {them}",
                "I understood why {friend} felt like that because the same thing happened to me at my old school",
                "I understood, because the same thing happened to me and I cried the whole way home",
                "I thought about how {they} felt, because if that was me I would want somebody to come over",
                "I understood that {they} {were} not being a baby, it really was a big deal to {them}",
            ),
            gives_reason=True,
        ),
        Move(
            "ask_how_they_feel",
            weak=(
                "I went over to {friend}",
                "I said hi to {friend}",
                "I asked {friend} what happened",
                "I walked over there",
                "I went over to where {friend} was sitting",
            ),
            medium=(
                "I asked {friend} if {they} {were} okay",
                "I asked {friend} what's the matter",
                "I went up and said are you okay",
                "I went over and asked if everything was alright",
                "I asked {friend} how {they} felt about it",
                "I went over to {friend} and asked what's going on",
            ),
            strong=(
                "I asked {friend} are you okay and I didn't talk, I just let {them} talk",
                "I asked how {they} felt and I let {them} tell me the whole thing without interrupting",
                "I sat down next to {friend} and listened while {they} told me what happened",
                "I asked {them} what was going on and I listened as long as {they} wanted to talk",
                "I went over and asked {friend} if {they} {were} okay, and then I just let {them} talk",
                "I asked {friend} what was bothering {them} and really listened to what {they} said",
            ),
        ),
        Move(
            "comfort_action",
            weak=(
                "I stood next to {friend}",
                "I said it was fine",
                "I gave {them} a high five",
                "I patted {them} on the back",
                "I went and sat by {them}",
            ),
            medium=(
                "I gave {friend} a hug",
                "I said something nice to {friend}",
                "I told {friend} it was okay to feel like that",
                "I told {them} don't worry about it",
                "I patted {friend} on the shoulder and said it's okay",
                "I told {friend} that it happens to everybody",
            ),
            strong=(
                "I gave {friend} a hug and told {them} that everybody messes up sometimes",
                "I comforted {friend} and told {them} that {they} {were} still really good at it",
                "I tried to make {them} laugh so {they} would feel better",
                "I stayed with {them} and said it's fine to be upset, I would be too",
                "I gave {friend} a hug and my last cookie from lunch",
                "I told {friend} that I cared about {them} more than the game",
            ),
        ),
        Move(
            "include_others",
            weak=(
                "I said {they} could come",
                "I let {them} play too",
                "I waved at {friend}",
                "I moved over so {they} had room",
                "I told {them} that {they} could sit with us",
            ),
            medium=(
                "I asked {friend} to play with us",
                "I shared my extra coins with {friend}",
                "I said {friend} could go first in the next game",
                "I said {they} could be on our team",
                "I scooted over so {friend} could sit with us",
                "I shared my spot so {friend} could be on our team",
            ),
            strong=(
                "I included {friend} on our team, because being left out is the worst",
                "I gave {them} my turn and showed {them} how to join our team so nobody was left out",
                "I asked everybody to include {friend}, because being by yourself is the worst",
                "I made room for {them} and said {they} {were} on our team now so nobody got left out",
                "I included {friend} and saved {them} a seat right next to me",
                "I went and got {friend} and said {they} could play with us, because nobody should be left out",
            ),
        ),
        Move(
            "apologise",
            weak=(
                "I said oops",
                "I said my bad",
                "I mumbled something to {them}",
                "I said sorry I guess",
                "I told {them} that I didn't mean it",
            ),
            medium=(
                "I said sorry that happened",
                "I told {friend} I felt bad about it",
                "I said sorry to {friend} for laughing",
                "I told {them} I didn't mean to bump {them}",
                "I told {friend} that I was sorry that it happened",
                "I went back and said I shouldn't have done that",
            ),
            strong=(
                "I said sorry and told {friend} I knew why {they} felt bad about it",
                "I told {friend} I was really sorry and asked what I could do to make it up",
                "I said I was sorry, and that it wasn't fair that it happened to {them}",
                "I said sorry for real and I meant it, not just because the teacher said to",
                "I said sorry and told {friend} that I understood why {they} felt so bad",
                "I went up to {friend} when nobody was around and said I was sorry, and I didn't make a joke about it",
            ),
        ),
        Move(
            "offer_help",
            weak=(
                "I stayed there",
                "I did stuff with {friend}",
                "I picked up {thing}",
                "I just kind of stayed",
                "I went over to where {thing} was",
            ),
            medium=(
                "I helped {friend} with {thing}",
                "I asked if I could give {them} a hand",
                "I told {friend} I would help {them}",
                "I said I could show {them} how if {they} wanted",
                "I asked {friend} if {they} wanted me to help {them}",
                "I went and showed {friend} the trick for {thing}",
            ),
            strong=(
                "I helped {them} fix {thing} and didn't leave until {they} {were} smiling",
                "I offered to help {them} do {thing} so {they} wouldn't have to do it alone",
                "I showed {them} my tips for {thing} so {they} {were} less worried",
                "I helped {them} with {thing} and kept asking if {they} {were} alright",
                "I stayed with {them} till {they} got {thing} done, because I didn't want {them} to think nobody cared",
                "I sat down next to {friend} and helped {them} with the hard part of {thing}",
            ),
        ),
    ),
    "problem_solving": (
        Move(
            "name_problem",
            weak=(
                "{thing} was not working",
                "it was stuck",
                "something was wrong with {thing}",
                "it kept not working",
                "{thing} kept doing the same thing over and over",
            ),
            medium=(
                "I saw the problem was with {thing}",
                "I saw that one piece was on the wrong side",
                "I noticed one piece did not fit",
                "I saw the part that didn't go right",
                "I saw that the problem was in the middle part",
                "I looked and saw that the blue one was in the wrong spot",
            ),
            strong=(
                "I figured out that one part of {thing} was turned the wrong way",
                "I looked really close and found the real problem, one little piece was missing",
                "I checked every piece of {thing} until I found the one that was out of place",
                "I noticed a pattern, every time the red one moved the whole thing stopped",
                "I looked at {thing} for a long time and figured out it was one piece in the wrong place",
                "I found out what was wrong, the arrows on {thing} were pointing the other way",
            ),
            gives_reason=True,
        ),
        Move(
            "plan_steps",
            weak=(
                "I just started",
                "I did it kind of fast",
                "I went for it",
                "I just did whatever",
                "I just wanted to get it done",
            ),
            medium=(
                "I made a plan",
                "I thought about what to do before I started",
                "I did it one part at a time",
                "I thought about what to do",
                "I said that we should do the top part first",
                "I said let's do the easy part and then the hard part",
            ),
            strong=(
                "I made a plan, the edges first and the middle after that",
                "I came up with a plan to start with the corners, then the sides, then the middle",
                "I decided what to do first and wrote it down on my whiteboard",
                "I said okay, first we do this part and then that part",
                "I told {friend} we should go slow and do one step, look at it, and then do the next part",
                "before I started I planned which part to save for the end",
            ),
        ),
        Move(
            "consider_alternative",
            weak=(
                "I did something else",
                "I changed it a bit",
                "I moved stuff around",
                "I did it another time",
                "I did it the same way but faster",
            ),
            medium=(
                "I tried another way",
                "I thought of something else to try",
                "I tried it a different way",
                "I turned it around and tried it the other way",
                "I said that we should try it the other way around",
                "I tried starting from the other end",
            ),
            strong=(
                "I thought of two options and picked the one that made more sense",
                "I tried another way, going around the back instead of through the middle",
                "I came up with a new idea, to build it from the bottom up",
                "I thought maybe there's another way so I went around by the trees",
                "when it didn't work that way I decided to start from the other side",
                "I tried the little blocks at the bottom instead, and that time it stayed up",
            ),
        ),
        Move(
            "test_and_check",
            weak=(
                "I looked at it again",
                "I pressed the button",
                "I went back to {thing}",
                "I clicked it again",
                "I pushed it to see what happened",
            ),
            medium=(
                "I looked to see if it was right",
                "I tested it",
                "I checked my answer on {thing}",
                "I tried it out to see what would happen",
                "I went through it from the start to see if it was right",
                "I pressed go to see if it was right this time",
            ),
            strong=(
                "I tested each part before I put it all together",
                "I went back over {thing} to see if the new way fixed it",
                "I tried it on the small one first to make sure it would hold",
                "I checked every part one by one so I knew it was right",
                "I checked one piece at a time before we went on to the next part",
                "I compared each piece to the picture on the box",
            ),
        ),
        Move(
            "ask_for_information",
            weak=(
                "I asked {helper}",
                "I looked around",
                "I asked for help",
                "I looked at the screen",
                "I went and got {helper}",
            ),
            medium=(
                "I asked {helper} for a hint",
                "I read the directions on the screen",
                "I asked {friend} what {they} would try",
                "I asked {friend} what {they} thought",
                "I asked {helper} if there was a clue",
                "I looked at the help page",
            ),
            strong=(
                "I asked {helper} for a clue and then I knew what to do next",
                "I asked {friend} what {they} thought and we put our ideas together",
                "I read the instructions to see which part I missed",
                "I read the clues on the wall to find what we missed",
                "I asked {helper} how {thing} works and then I figured out which part we did wrong",
                "I watched how the other team did it and figured out what they did different",
            ),
        ),
        Move(
            "share_ideas",
            weak=(
                "we all did it together",
                "{friend} and I talked",
                "I showed {friend}",
                "we sort of talked about it",
                "{friend} said something and I said something",
            ),
            medium=(
                "{friend} and I talked about what to do",
                "I told {friend} my idea",
                "we picked the best one",
                "I told everybody what I thought we should do",
                "I told {friend} that I had an idea",
                "me and {friend} said what we each wanted to do",
            ),
            strong=(
                "{friend} and I said what we each thought and picked the best plan",
                "I explained my idea to {friend} and we tried both ways to see which one was faster",
                "we compared how we would each do it and went with the one that had the fewest moves",
                "we each said our idea and then picked the one that made the most sense",
                "{friend} had a good idea and I had a good idea so we put them together",
                "I let {friend} say what {they} wanted to do first and then we decided together",
            ),
        ),
        Move(
            "reflect_on_result",
            weak=(
                "we finished it",
                "it was okay in the end",
                "I got it",
                "it worked I think",
                "it went okay I guess",
            ),
            medium=(
                "my idea worked",
                "the new way was way faster",
                "we did it",
                "we got it in the end",
                "it went way smoother the second time",
                "doing the corners first made it easier",
            ),
            strong=(
                "it worked because we went one part at a time",
                "I solved it, and now I know to start with the corners",
                "it worked because I tried it the other way around",
                "it worked because we went slow, so now I always do that part first",
                "we checked every part, so we got it right, and now I always do it like that",
                "splitting it up was the best strategy, so that's what we do now",
            ),
        ),
    ),
    "self_regulation": (
        Move(
            "notice_own_feeling",
            weak=(
                "I felt weird",
                "my face got hot",
                "I did not like it",
                "I got all hot",
                "my hands got all sweaty",
            ),
            medium=(
                "I noticed I was getting mad",
                "I felt {intensifier} frustrated",
                "I knew I was {feeling}",
                "I could feel my face getting all hot",
                "I knew I was about to lose it",
                "my stomach got all tight and I knew something was off",
            ),
            strong=(
                "I noticed I was getting angry because my hands were all tight",
                "I could tell I was frustrated and I needed a minute",
                "I noticed I was getting frustrated and my heart was going really fast",
                "I noticed I was getting really mad, like my hands were shaking",
                "I knew I was getting really mad because my face got hot and my eyes got watery",
                "I felt the mad feeling coming up in my chest, like a volcano",
            ),
            gives_reason=True,
        ),
        Move(
            "calming_strategy",
            weak=(
                "I sat down",
                "I went to the corner",
                "I squeezed my hands",
                "I sat there for a bit",
                "I went and got a drink of water",
            ),
            medium=(
                "I took a deep breath",
                "I counted to five",
                "I went to the cool down corner",
                "I breathed in and out",
                "I blew out really slow like blowing out candles",
                "I squeezed my stress ball",
            ),
            strong=(
                "I took a deep breath, like three times, and I felt my shoulders go down",
                "I breathed in slowly through my nose and out through my mouth like the teacher showed us",
                "I went to the reading corner for a few minutes until I felt settled",
                "I breathed really slow and squeezed my hands till my heart slowed",
                "I took a break and got a drink of water and came back when my face wasn't hot anymore",
                "I took a deep breath and counted to ten on my fingers",
            ),
        ),
        Move(
            "pause_before_acting",
            weak=(
                "I just stood there",
                "I didn't say anything back",
                "I looked at the ceiling",
                "I didn't do anything",
                "I just sat there and didn't do anything",
            ),
            medium=(
                "I stopped before I said something mean",
                "I waited a second",
                "I didn't say anything right away",
                "I waited before I said anything",
                "I held it in for a minute",
                "I zipped my mouth and didn't say anything back",
            ),
            strong=(
                "I paused and thought for a second before I did anything",
                "I paused and thought before I said something mean",
                "I made myself stop and put my hands in my pockets so I wouldn't grab it back",
                "I stopped myself before I did something I would feel bad about",
                "I made myself stop and think before I said anything back to {them}",
                "I counted to three in my head before I said anything",
            ),
        ),
        Move(
            "self_talk",
            weak=(
                "I said okay",
                "I said it's fine",
                "I said whatever",
                "I said okay okay",
                "I said in my head, okay",
            ),
            medium=(
                "I told myself it's okay",
                "I said to myself, it's not a big deal",
                "I thought, it's just a game",
                "I said in my head it's fine",
                "I kept saying it's okay, it's okay",
                "I thought, just let it go",
            ),
            strong=(
                "I told myself it's just one turn and I'll get another one",
                "I said stop, stop, stop in my head till I felt okay",
                "I told myself it is just a game and it doesn't matter who goes first",
                "I said to myself it's just a game, don't freak out",
                "I told myself that my turn was coming and I just had to hold on",
                "I thought, if I get mad I'll just get in trouble, so I let it go",
            ),
        ),
        Move(
            "refocus",
            weak=(
                "I looked at something else",
                "I went back to {thing}",
                "I kept playing",
                "I played something else",
                "I went back to what I was doing",
            ),
            medium=(
                "I focused on my own game",
                "I went back to my own screen",
                "I got back to {thing} and didn't look at them",
                "I went back to my own part",
                "I focused on my own part of {thing}",
                "I just looked at my own part and not at {them}",
            ),
            strong=(
                "I got my focus back on {thing} and didn't look over there anymore",
                "I slowed down and did one thing at a time",
                "I settled back down and went back to building {thing}",
                "I stopped thinking about it and focused on {thing}",
                "I turned my chair so I couldn't see them and focused on {thing}",
                "I went back to {thing} and kept my voice quiet",
            ),
        ),
        Move(
            "wait_for_turn",
            weak=(
                "I let them go",
                "I stood in line",
                "I let it go",
                "I let {them} have it",
                "I let {them} go before me",
            ),
            medium=(
                "I waited for my turn",
                "I let {them} go first this time",
                "I sat on my hands till they were done",
                "I waited till it was my turn",
                "I waited for my turn even though I wanted to go",
                "I didn't grab it, I just let {them} finish",
            ),
            strong=(
                "I waited for my turn even though it felt like forever",
                "I stayed patient and sat on my hands until it was my turn",
                "I kept my hands to myself and waited for {them} to finish",
                "I waited my turn even though I really wanted to go, and I didn't complain",
                "I waited patiently for my turn the whole time",
                "I let {them} have a turn first and quietly watched till it was mine",
            ),
        ),
        Move(
            "use_words",
            weak=(
                "I told {helper}",
                "I said hey",
                "I told them that is not nice",
                "I said stop",
                "I told {them} to cut it out",
            ),
            medium=(
                "I used my words and didn't yell",
                "I said I was mad in a nice voice",
                "I asked {helper} to come help",
                "I told {them} I didn't like that",
                "I told {them} that I was upset but I said it nicely",
                "I told {them} it was my turn in a normal voice",
            ),
            strong=(
                "I told them I was frustrated and asked to take turns",
                "I said how I felt in a quiet voice",
                "I took a deep breath and asked for my turn back nicely",
                "I said in a calm voice that it made me mad and asked {them} to stop",
                "I stayed calm and told {them} it wasn't fair and asked if I could have my turn back",
                "I didn't yell, I just told {them} that it was my turn and {they} gave it back",
            ),
        ),
    ),
    "resilience": (
        Move(
            "acknowledge_setback",
            weak=(
                "I did not make it",
                "it did not go right",
                "I lost",
                "I messed up",
                "I messed it up the whole time",
            ),
            medium=(
                "it was {intensifier} hard",
                "I fell off like five times",
                "I made a mistake on {thing}",
                "it was kind of hard and I kept falling off",
                "I messed up and I fell off",
                "I got it wrong a bunch of times",
            ),
            strong=(
                "it was really hard and I failed a lot, but it's okay to get stuff wrong",
                "I failed {thing} three times and it felt tough, but that happens when something is new",
                "I made some mistakes and it was hard, but I knew everybody gets stuff wrong at first",
                "I messed up a lot and it was hard, but that's how you get good at stuff",
                "it was really hard and I fell like ten times, but I knew every mistake is part of it",
                "I was bummed that I messed up, but I knew it wasn't the end of the world",
            ),
            gives_reason=True,
        ),
        Move(
            "try_again",
            weak=(
                "I did it one more time",
                "I went back",
                "I played it some more",
                "I did it again",
                "I went back and did it one more time",
            ),
            medium=(
                "I tried again",
                "I did {thing} again",
                "I went back and had another go",
                "I tried it again",
                "I started it over and went slower",
                "I gave it another shot",
            ),
            strong=(
                "I tried again and again and I didn't stop",
                "I kept trying even when it was hard",
                "I didn't give up and went back to {thing}",
                "I went back to it over and over and I didn't stop",
                "I tried again even though I was really tired of it",
                "I went back to {thing} and did it like ten more times, and I finally got it",
            ),
        ),
        Move(
            "learn_from_mistake",
            weak=(
                "I saw what happened",
                "I remembered that part",
                "I looked at what I did",
                "I saw where I messed up",
                "I looked at what happened",
            ),
            medium=(
                "I saw what I did wrong",
                "I found where I messed up",
                "next time I will go slower",
                "I knew what I did wrong that time",
                "I learned that I was going too fast",
                "I saw that I was jumping too early",
            ),
            strong=(
                "I learned that I was jumping too soon, so I jumped a little later",
                "I saw what I did wrong so next time I won't do that",
                "I practiced the hard part over at the side until I could do it",
                "I watched where I kept falling and I got better at that part",
                "I kept falling on the same jump so I practiced just that jump until I could do it every time",
                "I knew my mistake was going too fast, so I went slower",
            ),
        ),
        Move(
            "growth_mindset",
            weak=(
                "I thought maybe I can do it",
                "I said it's okay",
                "I said it's just a game",
                "I thought maybe next time",
                "I thought that maybe I could do it",
            ),
            medium=(
                "I thought, not yet, but soon",
                "I knew I could get it someday",
                "I knew I'd be good at it someday",
                "I knew I could do it if I kept at it",
                "I thought, I'm going to get it",
                "I knew it would be easier after a while",
            ),
            strong=(
                "I knew everybody gets it wrong at first and I could get better",
                "I thought, I'm not there yet, but if I keep going I will be",
                "I was brave and said I'm going to get it if it takes all day",
                "I said I'm still learning but I'll get better",
                "I thought, nobody is good at it on the first day, you have to practice",
                "I said that if I keep practicing I'll get better",
            ),
        ),
        Move(
            "seek_help_then_continue",
            weak=(
                "I asked {helper}",
                "{helper} showed me",
                "I watched {friend} do it",
                "I watched somebody do it",
                "I watched how {friend} did it",
            ),
            medium=(
                "I asked {helper} for a tip and tried again",
                "{helper} showed me and I went back to it",
                "I asked {friend} how {they} did it and did it that way",
                "I asked {helper} and then tried again",
                "I asked {helper} what to do and then I had another go",
                "I watched {friend} do it and then I did it like {them}",
            ),
            strong=(
                "I asked {helper} for help and then kept trying until I got it",
                "I got a tip from {helper} and went right back to it and tried again",
                "I asked {friend} how {they} did it and then I practiced it {their} way",
                "I asked {helper} for a tip and then kept going till I got it",
                "I asked {helper} to show me the trick and then I practiced it on my own like ten times",
                "I watched how {friend} did the jump and then I went back and finally did it myself",
            ),
        ),
        Move(
            "keep_going",
            weak=(
                "I kept playing",
                "I did the next part",
                "I finished",
                "I did the next one",
                "I went on to the next part",
            ),
            medium=(
                "I kept going",
                "I did not give up",
                "I kept at it",
                "I just kept on playing",
                "I didn't stop",
                "I just kept going after that",
            ),
            strong=(
                "I kept going even when it was hard and my hands were tired",
                "I kept at it and finally got it",
                "I didn't give up and I still play it every day",
                "I kept going even though it was really hard and I wanted to stop",
                "I kept going even when everybody else was done",
                "I stayed on {thing} till the bell rang and I finally got past it",
            ),
        ),
        Move(
            "feel_proud",
            weak=(
                "I felt {good_feeling}",
                "it was fine",
                "I was done",
                "I was happy I guess",
                "I was kind of happy after",
            ),
            medium=(
                "I felt proud",
                "I got better at {thing}",
                "I felt {good_feeling} that I finished",
                "I felt pretty good after",
                "I was proud when I finished",
                "I was so happy when I got it",
            ),
            strong=(
                "I felt proud because I worked hard on it",
                "I was proud because I did it all by myself",
                "I felt brave, like I could do anything",
                "I was really proud of myself because I kept at it and got it in the end",
                "I did a little dance because I worked so hard and I finally got it",
                "I was proud that I didn't quit",
            ),
        ),
    ),
}

LOW_SKILL_MOVES: dict[str, tuple[LowSkillMove, ...]] = {
    "empathy": (
        LowSkillMove("ignore", ("I just kept playing", "I did not really notice", "I went to play something else")),
        LowSkillMove(
            "blame",
            (
                "I said it was {their} own fault",
                "I told {them} to stop being a baby",
                "I told {them} that it was {their} own fault for being slow",
            ),
        ),
        LowSkillMove(
            "laugh",
            (
                "I laughed a little",
                "I sort of laughed at {them}",
                "I laughed because it looked funny when {they} messed up",
            ),
        ),
        LowSkillMove(
            "dont_know",
            (
                "I don't know what I did",
                "I didn't know what to say so I said nothing",
                "I didn't know what to do so I just stood there",
            ),
            act=False,
        ),
        LowSkillMove("walk_away", ("I walked away", "I went to sit with other kids", "I went back to my own game")),
        LowSkillMove(
            "annoyed",
            (
                "I got annoyed at {them} for being slow",
                "I said come on, hurry up",
                "I told {them} to hurry up because we were going to lose",
            ),
        ),
    ),
    "problem_solving": (
        LowSkillMove("quit", ("I just quit", "I left it like that", "I walked away from it")),
        LowSkillMove(
            "random_guess",
            (
                "I just pressed random buttons",
                "I kept clicking everything",
                "I just pushed everything until something happened",
            ),
        ),
        LowSkillMove(
            "blame_game",
            ("I said the game was broken", "I said the puzzle was dumb", "I said that the game was dumb and broken"),
        ),
        LowSkillMove(
            "dont_know",
            ("I didn't know what to do", "I don't know how it goes", "I had no idea what we were supposed to do"),
            act=False,
        ),
        LowSkillMove(
            "let_others",
            (
                "I let {friend} do all of it",
                "I sat there while everyone else did it",
                "I told {friend} to do all of it because I didn't want to",
            ),
        ),
        LowSkillMove("get_mad", ("I got mad and left", "I yelled at the screen", "I got mad and yelled at {friend}")),
    ),
    "self_regulation": (
        LowSkillMove("lash_out", ("I yelled at them", "I pushed the tablet away", "I threw the controller")),
        LowSkillMove(
            "grab_back", ("I grabbed it back", "I took their turn too", "I grabbed the tablet out of {their} hands")
        ),
        LowSkillMove(
            "storm_off", ("I stomped off", "I slammed the tablet shut", "I stomped off to the other side of the room")
        ),
        LowSkillMove(
            "blame",
            ("I said it was all their fault", "I called them a cheater", "I said it was all their fault that I lost"),
        ),
        LowSkillMove(
            "dont_know",
            ("I don't know what I did", "I can't remember what happened", "I don't really remember what I did"),
            act=False,
        ),
        LowSkillMove(
            "meltdown",
            ("I started crying and kicking", "I screamed really loud", "I started yelling and I couldn't stop"),
        ),
    ),
    "resilience": (
        LowSkillMove("quit", ("I quit", "I turned the game off", "I stopped playing")),
        LowSkillMove(
            "blame",
            (
                "I said the game was cheating",
                "I said the level was unfair",
                "I said the game was cheating because it was unfair",
            ),
        ),
        LowSkillMove(
            "self_down",
            (
                "I said I'm bad at everything",
                "I said I'm just not good at games",
                "I said I'm bad at this and I'm never going to get it",
            ),
        ),
        LowSkillMove(
            "dont_know", ("I don't know", "I didn't know what to do", "I don't know, I just didn't do it"), act=False
        ),
        LowSkillMove(
            "storm_off",
            ("I got mad and left", "I threw the tablet on the couch", "I got mad and left and went to sit down"),
        ),
        LowSkillMove("avoid", ("I played a different game", "I picked an easier level", "I went to an easier level")),
    ),
}

# Unhelpful moves a child may also say they did *not* do: (said, negated). "I gave up" is a concern;
# "I didn't give up" is the skill. The behaviour gate checks that the models tell them apart.
NEGATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "empathy": (
        ("I laughed at {them}", "I didn't laugh at {them}"),
        ("I walked away", "I didn't walk away"),
        ("I ignored {them}", "I didn't ignore {them}"),
        ("I made fun of {them}", "I didn't make fun of {them}"),
    ),
    "problem_solving": (
        ("I gave up on {thing}", "I didn't give up on {thing}"),
        ("I just guessed", "I didn't just guess"),
        ("I quit the level", "I didn't quit the level"),
        ("I pressed random buttons", "I didn't press random buttons"),
    ),
    "self_regulation": (
        ("I yelled at them", "I didn't yell at them"),
        ("I grabbed it back", "I didn't grab it back"),
        ("I pushed him", "I didn't push him"),
        ("I threw the controller", "I didn't throw the controller"),
    ),
    "resilience": (
        ("I gave up", "I didn't give up"),
        ("I quit", "I didn't quit"),
        ("I stopped playing", "I didn't stop playing"),
        ("I turned the game off", "I didn't turn the game off"),
    ),
}
