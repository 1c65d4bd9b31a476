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
    words from the skill's keyword list than weak ones. ``gives_reason`` marks moves that read
    well as the reason half of a joined sentence ("I took a breath because I noticed I was mad").
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
        Scenario("not_picked", "nobody picked {friend} for the team", "the team game"),
        Scenario("tower_fell", "{friend}'s tower got knocked over", "the tower"),
        Scenario("new_kid", "the new kid had nobody to play with", "the game"),
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
        Scenario("turn_taken", "another kid took my turn", "the game"),
        Scenario("coins_lost", "I lost all my coins right at the end", "the coins"),
        Scenario("castle_wrecked", "{friend} messed up our castle", "the castle"),
        Scenario("timer", "the timer ran out before I finished", "the puzzle"),
        Scenario("called_out", "the referee said I was out but I was not", "the match"),
        Scenario("loud_room", "everyone was yelling during the quiz round", "the quiz"),
        Scenario("tower_knocked", "someone knocked down my tower", "my tower"),
        Scenario("sibling_won", "my little brother beat me at the racing game", "the race"),
        Scenario("game_froze", "the game froze and deleted my progress", "the level"),
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
        Scenario("song", "I messed up my song in the music level", "the song"),
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
                "I think {friend} felt {feeling}",
                "{friend} seemed upset",
                "{they} looked like {they} {were} gonna cry",
                "I could tell that {friend} was upset because {they} put {their} head down",
            ),
            strong=(
                "I could tell {friend} felt {intensifier} sad and hurt inside",
                "I noticed {friend} was upset and I understood how {they} felt",
                "I saw that {friend} felt {feeling} and maybe a little lonely",
                "I could see {friend} felt left out and sad",
                "I could tell {they} {were} not okay, like {their} eyes were all watery",
                "I could tell that {friend} felt sad and hurt because {they} didn't want to look at anybody",
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
                "I remembered when I felt {feeling} like that",
                "I thought, what if that was me",
                "I thought about how sad I would be if that happened to me",
            ),
            strong=(
                "I put myself in {their} shoes and understood how {they} felt",
                "I thought about {their} side and how much it hurt",
                "I understood why {friend} felt {feeling} because I felt that way once too",
                "I know how that feels because the same thing happened to me and it hurt a lot",
                "I understood how {they} felt because the same thing happened to me and I was so sad",
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
                "I asked {friend} how {they} {were} feeling",
                "I went up and said are you okay",
                "I asked what's wrong",
                "I asked {friend} how {they} felt about it",
            ),
            strong=(
                "I asked {friend} are you okay and I really listened to {them}",
                "I asked how {they} felt and listened to everything {they} said",
                "I sat with {friend} and listened while {they} told me how {they} felt",
                "I asked {them} what was wrong and let {them} talk as long as {they} wanted",
                "I asked {friend} are you okay and I listened to everything that {they} wanted to say",
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
                "I said something kind to {friend}",
                "I told {friend} it was okay to feel sad",
                "I told {them} don't worry about it",
                "I told {friend} that it was okay and gave {them} a hug",
            ),
            strong=(
                "I gave {friend} a hug and said kind things to comfort {them}",
                "I comforted {friend} and told {them} I cared about {them}",
                "I helped {them} feel better and said I would always be {their} friend",
                "I stayed with {them} and said it's okay to be upset, I would be too",
                "I gave {friend} a hug and told {them} that I cared and that everybody messes up sometimes",
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
                "I made sure {friend} was included in the next game",
                "I said {they} could be on our team",
                "I shared my spot so {friend} could be on our team",
            ),
            strong=(
                "I included {friend} in our group so {they} would not feel left out",
                "I shared my turn and helped {them} join our team so nobody felt left out",
                "I asked everyone to include {friend} because being left out feels lonely",
                "I made sure {they} got to play with us so {they} wouldn't be alone",
                "I included {friend} and said that {they} {were} on our team so {they} wouldn't feel left out",
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
                "I told {friend} I was sorry",
                "I said sorry to {friend} for laughing",
                "I said sorry for bumping {them}",
                "I told {friend} that I was sorry that it happened",
            ),
            strong=(
                "I said sorry and told {friend} I understood why {they} felt hurt",
                "I told {friend} I was really sorry and asked how I could help {them}",
                "I said I was sorry it happened and that I cared about how {they} felt",
                "I said sorry for real and asked if {they} {were} okay",
                "I said sorry and told {friend} that I understood why {they} felt so hurt",
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
                "I offered to help {them}",
                "I told {friend} I would help {them}",
                "I said I could help {them} if {they} wanted",
                "I asked {friend} if {they} wanted me to help {them}",
            ),
            strong=(
                "I helped {them} fix {thing} and stayed until {they} felt okay",
                "I offered to help {them} because I cared about my friend",
                "I shared my tips and helped {them} with {thing} so {they} felt less worried",
                "I helped {them} try again and kept checking if {they} {were} feeling better",
                "I helped {them} with {thing} and stayed with {them} until {they} felt better because I cared",
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
                "I figured out what was wrong",
                "I noticed one piece did not fit",
                "I saw the part that was wrong",
                "I saw that the problem was in the middle part",
            ),
            strong=(
                "I figured out the problem was that one part of {thing} did not match the pattern",
                "I looked for clues and found the real problem",
                "I checked {thing} and figured out exactly what the problem was",
                "I looked really close and found the one part that was messing it up",
                "I looked at {thing} for a long time and figured out the problem was one piece in the wrong place",
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
                "I thought about what to do first",
                "I did it one step at a time",
                "I thought about what to do",
                "I said that we should do the top part first",
            ),
            strong=(
                "I made a plan with steps, first the edges and next the middle",
                "I planned it out step by step and decided what to do first",
                "I made a plan and decided on a strategy before I started",
                "I said okay, first we do this part and then that part",
                "I made a plan that we would do the first step together and check it before the next step",
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
                "I thought of a different idea",
                "I tried it a different way",
                "I tried it a new way",
                "I said that we should try it a different way",
            ),
            strong=(
                "I thought of two options and compared them to pick the best solution",
                "I tried another way instead and used a different strategy",
                "I came up with a new idea and decided to try it instead",
                "I thought maybe there's another way so I tried that instead and it made more sense",
                "when it didn't work I decided to try a different way instead and came up with a new idea",
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
                "I checked if it worked",
                "I tested it",
                "I checked my answer on {thing}",
                "I tried it to see if it worked",
                "I tested it to see if it was right",
            ),
            strong=(
                "I tested each step and checked if it worked",
                "I checked {thing} again to see if the solution worked",
                "I tested my idea and compared it with the clues",
                "I checked every part one by one to make sure it was right",
                "I tested it one piece at a time and checked that each step worked before we went on",
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
                "I asked {helper} for a clue",
                "I read the instructions again",
                "I asked {friend} what {they} would try",
                "I asked {friend} what {they} thought",
                "I asked {helper} if there was a clue",
            ),
            strong=(
                "I asked {helper} for a clue and figured out the next step",
                "I looked for clues and asked {friend} for ideas to solve it",
                "I read the instructions to check which step I missed",
                "I went back and read the clues again to find what we missed",
                "I asked {helper} for a clue and then I figured out which step we did wrong",
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
                "{friend} and I shared ideas",
                "I told {friend} my idea",
                "we picked the best idea",
                "I told everybody my idea",
                "I told {friend} that I had an idea",
            ),
            strong=(
                "{friend} and I compared our ideas and decided on the best plan",
                "I explained my strategy to {friend} and we tested both options",
                "we listed our ideas and decided which solution to try first",
                "we each said our idea and then picked the one that made the most sense",
                "{friend} and I compared our ideas and decided to try the one that made more sense first",
            ),
        ),
        Move(
            "reflect_on_result",
            weak=("we finished it", "it was okay in the end", "I got it", "it worked I think", "it went okay I guess"),
            medium=(
                "my idea worked",
                "the new way worked",
                "we solved it",
                "we got it in the end",
                "our idea worked in the end",
            ),
            strong=(
                "I figured out that my plan worked because I checked every step",
                "I solved it and next time I will make a plan first",
                "it worked because I tried a different strategy and checked it",
                "it worked because we tried a new way, so next time I'll do that first",
                "it worked because we checked each step, so next time I will make a plan first",
            ),
        ),
    ),
    "self_regulation": (
        Move(
            "notice_own_feeling",
            weak=("I felt weird", "my face got hot", "I did not like it", "I got all hot", "my hands got all sweaty"),
            medium=(
                "I noticed I was getting mad",
                "I felt {intensifier} frustrated",
                "I knew I was {feeling}",
                "I was getting really mad inside",
                "I knew that I was getting mad",
            ),
            strong=(
                "I noticed I was getting angry and my body was not calm",
                "I could tell I was frustrated and needed to calm down",
                "I noticed I was {feeling} and starting to lose control",
                "I could feel myself getting so mad, like my hands were shaking",
                "I noticed that I was getting really mad and frustrated and that I needed to calm down",
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
                "I counted to ten",
                "I went to the calm down corner",
                "I breathed in and out",
                "I took a deep breath like my teacher showed us",
            ),
            strong=(
                "I took three deep breaths and counted to ten to calm down",
                "I breathed in slowly and relaxed my shoulders until I calmed down",
                "I took a break in the quiet corner until I felt settled",
                "I breathed really slow and counted in my head until I wasn't mad anymore",
                "I took a deep breath and counted to ten in my head until I calmed down",
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
                "I stopped before I yelled",
                "I waited a second",
                "I paused for a moment",
                "I waited before I said anything",
                "I waited a second before I said anything",
            ),
            strong=(
                "I stopped and paused so I could think before I did anything",
                "I paused and thought before I said something mean",
                "I made myself stop and slow down instead of grabbing it back",
                "I stopped myself before I did something I would be sorry for",
                "I made myself stop and think before I said anything back to {them}",
            ),
        ),
        Move(
            "self_talk",
            weak=("I said okay", "I said it's fine", "I said whatever", "I said okay okay", "I said in my head, okay"),
            medium=(
                "I told myself it's okay",
                "I said to myself calm down",
                "I told myself to be patient",
                "I said in my head it's fine",
                "I told myself that it was okay",
            ),
            strong=(
                "I told myself to stay calm and in control",
                "I told myself stop, breathe, and stay calm",
                "I told myself it is just a game and I can stay calm and wait",
                "I said to myself it's just a game, don't freak out, stay calm",
                "I told myself to stay calm and that I could wait for my turn",
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
                "I focused on what I could do",
                "I got back to {thing} in a quiet voice",
                "I went back to my own part",
                "I focused on my own part of {thing}",
            ),
            strong=(
                "I focused again on {thing} and stayed calm and quiet",
                "I slowed down and focused on one thing at a time",
                "I settled down and focused back on {thing}",
                "I stopped thinking about it and put all my attention back on {thing}",
                "I stopped thinking about it and focused back on {thing} so I could stay calm",
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
                "I was patient",
                "I waited until they were done",
                "I waited till it was my turn",
                "I waited for my turn even though I wanted to go",
            ),
            strong=(
                "I waited patiently for my turn and stayed calm",
                "I stayed patient and waited quietly until it was my turn",
                "I kept my hands to myself and waited calmly for my turn",
                "I waited my turn even though I really wanted to go, and I stayed calm",
                "I waited patiently for my turn and stayed calm the whole time",
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
                "I used my words instead of yelling",
                "I said I was mad in a calm voice",
                "I asked {helper} to help me calm down",
                "I told {them} I didn't like that",
                "I told {them} that I was mad but I said it nicely",
            ),
            strong=(
                "I stayed calm, told them I was frustrated, and asked to take turns",
                "I stayed in control and said how I felt in a quiet, calm voice",
                "I took a deep breath and calmly asked for my turn back",
                "I said in a calm voice that it made me mad and asked {them} to stop",
                "I stayed calm and told {them} that it made me frustrated and asked if I could have my turn back",
            ),
        ),
    ),
    "resilience": (
        Move(
            "acknowledge_setback",
            weak=("I did not make it", "it did not go right", "I lost", "I messed up", "I messed it up the whole time"),
            medium=(
                "it was {intensifier} hard",
                "I failed a bunch of times",
                "I made a mistake on {thing}",
                "it was kind of hard and I kept messing up",
                "I made a mistake and I fell off",
            ),
            strong=(
                "it was really hard and I failed a lot, but I knew it was just a mistake",
                "I failed {thing} three times and it felt tough",
                "I made some mistakes and it was hard, but it was not a failure",
                "I messed up a lot and it was hard, but messing up is how you learn",
                "it was really hard and I failed a bunch of times, but I knew that mistakes are how you learn",
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
                "I tried one more time",
                "I tried it again",
                "I tried again and I went slower",
            ),
            strong=(
                "I tried again and again and never gave up",
                "I kept trying and tried again even when it was hard",
                "I didn't give up and tried {thing} again",
                "I tried it over and over and I didn't stop",
                "I tried again and again and I didn't give up even when I failed",
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
                "I learned from my mistake",
                "I learned where I messed up",
                "next time I will go slower",
                "I figured out what I did wrong",
                "I learned that I was going too fast",
            ),
            strong=(
                "I learned from my mistakes and figured out how to get better",
                "I learned what I did wrong so next time I could improve",
                "I practiced the hard part until I got better",
                "I figured out what I did wrong and changed it so I could do better next time",
                "I learned from my mistake and practiced the part that I kept messing up until I got better",
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
                "I told myself not yet, but soon",
                "I knew I could get better",
                "I knew practice helps",
                "I knew I could do it if I kept trying",
                "I told myself that I'm going to learn it",
            ),
            strong=(
                "I knew mistakes help me learn and I could get better with practice",
                "I told myself I can't do it yet, but with effort I will improve",
                "I was brave and believed I could get better if I kept practicing",
                "I told myself I'm not good at it yet, but I will be if I keep practicing",
                "I told myself that I can't do it yet, but if I keep practicing I will get better",
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
                "{helper} helped me and I kept going",
                "I asked {friend} how {they} did it and practiced",
                "I asked {helper} and then tried again",
                "I asked {helper} what to do and then I tried again",
            ),
            strong=(
                "I asked {helper} for help and then kept trying until I got better",
                "I got a tip from {helper}, practiced, and tried again",
                "I asked {friend} how {they} did it and learned a better way to try again",
                "I asked {helper} for a tip and then kept practicing until I got it",
                "I asked {helper} for a tip and then I kept practicing until I got better at it",
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
                "I kept trying",
                "I just kept going",
                "I just kept going after that",
            ),
            strong=(
                "I kept going even when it was hard and I didn't give up",
                "I kept trying and finally got it and I felt proud of my effort",
                "I didn't give up and I am still practicing to get better",
                "I kept going even though it was really hard and I wanted to stop",
                "I kept going even though it was really hard and I was proud that I didn't give up",
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
            ),
            strong=(
                "I felt proud because I worked hard and got better",
                "I was proud of my effort and I improved a lot",
                "I felt brave and proud that I never gave up",
                "I was really proud of myself because I kept trying and I finally did it",
                "I was really proud of myself because I worked so hard and I finally got better",
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
