"""The spoken-language banks around the skill moves: set-up, retelling, other people, side talk, repairs.

None of this is skill evidence. It is what children say while they tell what happened: where they
were, who was there, what happened in the game, what others did and said (often as reported speech:
"she said that..."), how bad it was in everyday words, the moment itself told again, things that have
nothing to do with it, and the words they restart or correct. It makes a response as long as the
child is talkative, whatever their skill. The clauses are told in the past tense and carry their own
"when", "because", "so that" and "said that": subordination lives inside a clause that means it, so
the composer only has to run clauses on with "and" and "and then". Retelling names what was there in
the words children describe with ("a giant timer at the top of the screen", "the creepy monsters in
the cave"). Side talk keeps clear of the words the skill features listen for (features/keywords.py)
where a child has another word for it ("starts over", not "again"), but not of everyday words a child
uses about anything ("first", "scared").

Every clause is spoken, without end punctuation, and may hold the slots ``{friend}``, ``{they}``,
``{them}``, ``{their}``, ``{were}``, ``{themself}``, ``{thing}``, ``{helper}`` and ``{game}``; a
recall also holds ``{event}``, the scenario's moment.
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
    ("Maya", SHE),
    ("Leo", HE),
    ("Sofia", SHE),
    ("Jayden", HE),
    ("Ava", SHE),
    ("Mateo", HE),
    ("Zoe", SHE),
    ("Eli", HE),
    ("Priya", SHE),
    ("Omar", HE),
    ("Lily", SHE),
    ("Noah", HE),
    ("Kai", THEY),
    ("Aria", SHE),
    ("Ben", HE),
    ("Nia", SHE),
    ("Sam", THEY),
    ("Lucas", HE),
    ("Tyler", HE),
    ("Emma", SHE),
    ("Diego", HE),
    ("Hana", SHE),
    ("Marcus", HE),
    ("Chloe", SHE),
)
NAME_CHANCE = 0.75  # a classmate is named ("Maya", or "my partner Maya" then "Maya") rather than only "my partner"

GAMES: tuple[str, ...] = (
    "Island Escape",
    "Castle Quest",
    "Space Builders",
    "Robot Run",
    "the maze game",
    "Monster Math",
    "the puzzle one",
    "Turbo Racers",
    "Garden Quest",
    "Music Maker",
)

# Where and when: the first thing many children say.
CONTEXT: tuple[str, ...] = (
    "we were on {game} in computer class",
    "it was in computer class and we were doing {game}",
    "we were doing {game} after lunch",
    "me and {friend} were on the same team",
    "it was the last round before the bell rang",
    "we were on {thing}",
    "we were in the library and everybody had a tablet",
    "it was during indoor recess",
    "our teacher said that we could go on {game} when we finished our math",
    "we were in groups of four and I got put with {friend}",
    "it was right before lunch so everybody was hungry",
    "my team was me, {friend} and two other kids",
    "the teacher put us in teams so we could do {game} together",
    "we had been doing {game} all week",
    "it was on a Friday when we get free time",
    "we got to go on the tablets after we did our reading",
    "there was a sub that day so we got to do {game}",
    "the teacher had {game} up on the big board and everybody was watching",
    "me and {friend} sat at the back by the window",
    "it was the day that we got to do the last levels",
    "we were trying to get to the end of {game} before class was over",
    "the teacher gave us twenty minutes to get through {game}",
    "everybody in my class was on {game} at the same time",
    "we were doing {game} in teams of two",
    "{friend} sat next to me because our names are next to each other",
    "we got to pick our teams because it was Friday",
    "it was the first round of {game}",
)

# Retelling what happened in the game, without saying what anyone did about it. Each theme is one
# thing in the game a child keeps coming back to, so one answer's details hang together and share
# their words, as a real retelling does; the last theme is about the scenario's own ``{thing}``.
DETAIL_THEMES: tuple[tuple[str, ...], ...] = (
    (  # the clock
        "the timer at the top was going down so fast",
        "we only had one minute left",
        "the timer starts over every time you fall",
        "you lose if the timer gets to zero",
        "the teacher said that we had five more minutes",
        "the bell was about to ring and we were not even halfway",
        "the timer was beeping because we only had ten seconds",
        "we didn't have enough time to get to the end",
        "the giant timer at the top of the screen was going down crazy fast",
        "the giant red numbers on the timer started flashing when there was only a little bit of time left",
        "the clock in the corner of the screen turns red when you only have thirty seconds",
        "it is very hard to see the timer when you are jumping",
        "I was trying to get to the checkpoint where you get more seconds before the timer runs out",
    ),
    (  # the lava
        "you have to jump over the lava to get to the other side",
        "my guy kept falling in the lava",
        "the lava was coming up so fast",
        "if you fall in the lava you go back to the start",
        "there were these rocks in the lava that you have to jump on",
        "the lava part is the part that everybody hates",
        "you have to jump right when the rock comes up or you fall in the lava",
        "the lava at the bottom of the creepy cave was bright orange and it was bubbling",
        "there was this long bridge over the lava that falls apart when you walk on it",
        "the rocks that float in the lava are tiny so it is totally hard to land on them",
        "you can only jump when the rocks are up",
        "you have to jump on the rocks that are floating in the lava that keeps coming up",
    ),
    (  # the other team
        "the blue team was ahead by like twenty points",
        "the other team already got to the end and they were just sitting there",
        "the other team got the last key right before we did",
        "we were losing by a lot",
        "the other team came in and took the flag",
        "the other team was two levels ahead of us",
        "we needed ten more points to beat the other team",
        "the team with the most points at the end of the round gets a gold trophy on the big screen",
        "the other team had this one kid who was crazy fast at the jumping part",
        "the score at the top of the screen said that the other team had way more points than us",
        "the other team had this kid who already knew a secret trick that lets you skip the whole lava part",
    ),
    (  # the tablet
        "the tablet was so slow that it kept freezing",
        "the screen was frozen for like a minute",
        "the whole screen went red and it said game over",
        "it kept beeping every time somebody missed",
        "the tablet kept making this loud buzz when you get it wrong",
        "the sound was all the way up so everybody could hear it",
        "the tablet turned off because the battery was low",
        "the school tablets are really old and the buttons on the side don't work very well",
        "the buttons are very small so it is easy to press the wrong one",
        "the screen on our tablet had a big crack in the corner from when somebody dropped it",
        "the sound that it makes when you lose is really loud and kind of weird",
        "the tablet that we always get is the one that freezes whenever you press the buttons too quickly",
    ),
    (  # the castle
        "when we got to the castle there was this huge gate that was locked",
        "you need to get the key to open the gate at the end",
        "there was this giant wall that you had to climb to get to the gate",
        "the guard walks back and forth so you have to go when he turns around",
        "we tried to get past the guard but he saw us",
        "the door only opens when you have the key",
        "the key was all the way up on the castle wall",
        "the castle was huge and it had these creepy towers with little windows at the top",
        "the guard at the front of the castle has a giant sword and a weird helmet",
        "the golden key was in a little box at the top of the tallest tower",
        "you have to collect the golden key that opens the giant gate in front of the castle",
    ),
    (  # the monsters
        "there were these little monsters that chase you when you get close",
        "it was the part with the spiders that drop down",
        "the monsters come out when it gets dark",
        "my guy got stuck in the corner and the monsters got him",
        "the next part was the one with the spiders",
        "you have to hide from the monsters behind the rocks",
        "the monsters in that part are green and creepy with huge teeth",
        "there was this giant spider with red eyes that lives in the dark cave at the end",
        "the monsters only come out of the cave when it gets dark in the game",
        "there was this monster that comes out of the cave that is at the very end of the level",
    ),
    (  # the ice
        "it was the level with the ice where you keep sliding into the water",
        "you lose all your coins when you fall in the water",
        "it's hard because the ice keeps moving",
        "it was the part where the floor breaks when you step on it",
        "my guy kept sliding off the ice",
        "you have to go slow on the ice or you slide right off",
        "the ice in that level is crazy slippery so your guy slides everywhere",
        "there was this tiny bridge made of ice over the cold water",
        "the water under the ice is dark blue and you can see fish swimming in it",
        "you will lose all your coins if you touch the water",
        "I was trying to get across the slippery bridge that goes over the freezing water",
    ),
    (  # starting over
        "you only get three lives and then it sends you back to the start",
        "the game said that we had to start the whole thing over",
        "we had to go all the way back to the start",
        "we had to start all over and go back to the first part",
        "the game took away all our points",
        "you have to go back to the start when you fall",
        "we had to do it all in one go without falling",
        "it said that we only had one try left",
        "the game makes you go all the way back to the beginning of the level when you run out of lives",
        "the little hearts at the top of the screen show how many lives you have left",
        "the start of the level is totally boring because you have to do the same easy part every time",
        "the game makes you go back to the beginning of the level that you were on when you lose all your lives",
    ),
    (  # the stars
        "you have to get all the stars before it lets you go to the next part",
        "I was trying to get the last star",
        "we were just about to get to the end",
        "we still had two stars left to get",
        "the stars are up really high so you have to jump to get them",
        "we had all the stars except for one",
        "the last star was behind a huge rock and we couldn't get past it",
        "the stars are bright and golden and they spin around in the air",
        "the last star was on top of a giant tree in the middle of the map",
        "you get a special prize at the end of the level if you get every single star",
        "I wanted to go collect the star that was on top of the tallest tree in the middle of the map",
    ),
    (  # the room
        "everybody was looking at the big screen to see who was going to get there",
        "some kids were already done and they were just sitting there",
        "the teacher was with another group so she couldn't come over",
        "nobody told us what we were supposed to do",
        "it was loud because everybody was talking",
        "we had to wait for the other team to finish",
        "it was my first time on that level",
        "I thought that we were going to make it",
        "the kids at the table next to ours were already on the next level",
        "our teacher was sitting at her desk in the front of the room",
        "the big screen at the front of the room showed the names of the teams that were done",
        "the people who finished first got to go sit on the carpet and read the books that were on the shelf",
    ),
    (  # the thing itself
        "we were almost done with {thing}",
        "{thing} was the last part before the end",
        "nobody in our class got past {thing} that day",
        "I never did {thing} before that day",
        "we were on {thing} for like ten minutes",
        "everybody was watching {thing} on the big screen",
        "{thing} was the part that everybody got stuck on",
        "we kept going back to {thing} and it kept happening",
        "you have to do {thing} before you can go on",
        "{thing} looked so easy when the teacher did it",
        "we got to {thing} and everybody started looking at us",
        "{friend} went first on {thing} and I went after",
        "we were on {thing}",
        "{thing} was the part of the game that has the creepy monster at the end",
        "{thing} is really long and it has all these little parts that you have to do in the right order",
        "the kids who did {thing} before us said that it was really hard",
        "{thing} was the part that I was trying to get to when everybody was watching",
    ),
)
DETAILS: tuple[str, ...] = tuple(detail for theme in DETAIL_THEMES for detail in theme)

# What other people did and said: the story around the child, in the third person.
REACTIONS: tuple[str, ...] = (
    "{friend} said that it wasn't even fair",
    "{they} just put {their} head down on the desk",
    "some kids were laughing at us",
    "everybody was yelling at the screen",
    "{friend} didn't say anything for a long time",
    "{they} didn't talk to anybody after that",
    "the other team was jumping up and down",
    "{friend} kept saying that the game was broken",
    "{helper} came over to see what happened",
    "{they} threw {their} hands up in the air",
    "nobody knew what to do",
    "{friend} looked at me like {they} didn't know what happened",
    "everybody started talking at the same time",
    "{they} said that {they} didn't want to do it anymore",
    "{friend}'s face got all red",
    "the kid next to us was laughing so loud",
    "{friend} said let's just go to the next one",
    "{they} got up and went to get a drink of water",
    "{friend} wanted to do it by {themself}",
    "the other kids kept telling us what to do",
    "{they} said that it was the worst game ever",
    "a kid on the other team was bragging that they got more points",
    "{helper} told everybody to sit back down",
    "{friend} said that {they} hated that level because it always does that",
    "{they} looked like {they} {were} about to cry",
    "this kid on the other team said that we were too slow",
    "{friend} was saying that {they} did it at home before",
    "{helper} said that we had to go back to our seats",
    "{friend} said it was my fault that we lost",
    "the kids at the next table were watching us",
    "{friend} kept pressing the button over and over",
    "{they} didn't even look at the screen",
    "{friend} told {helper} that the game was messing up",
    "the other team started saying that they won",
    "{friend} went to sit by the window",
    "{they} said that {they} wanted to go home",
    "{helper} said that it was time to clean up",
    "{friend} asked me what happened and I told {them} I didn't know",
    "everybody was watching us when it happened",
    "{friend} said that {thing} was taking forever",
    "{friend} said that {they} did {thing} at home and it was easy",
    "{they} kept saying that {thing} was broken",
    "{friend} went and told {helper} about {thing}",
    "{friend} just sat there and looked at {thing}",
    "{friend} said that {they} wanted to go do something else",
    "{helper} came and looked at {thing} and said that it was fine",
    "{friend} wanted to do {thing} all by {themself}",
    "{friend} wanted to go first",
    "{they} got up and went to the other table",
    "{friend} said that we had to go faster",
    "{they} didn't want to be on our team anymore",
    "{friend} was just sitting there",
    "{friend} was trying to fix it",
    "{helper} said that we were being way too loud",
    "{friend} said that {they} {were} going to tell",
    "{friend} said that {they} can do it in like two seconds at home",
    "everybody was going to the next level except us",
    "{friend} said that it is always like that on the school tablets",
    "{they} said that {they} had to go to the bathroom",
    "{friend} was mad because {they} wanted to go first",
    "{friend} said that {they} tried it at home and it was easy",
    "{friend} was scared that we were going to lose",
    "{helper} told us to stop and listen",
    "{friend} asked if we could do it tomorrow",
    "{they} said to wait for {them}",
    "{friend} was kind of mad at me because I went first",
    "{friend} decided to go sit by {helper}",
    "{they} tried to press the button but it didn't work",
    "{friend} said that it was because of the slow tablet",
    "{friend} said that {they} thought that the game was glitching because it did the same thing to {them} yesterday",
    "{friend} told me that {their} cousin showed {them} a secret trick that makes you go faster",
    "{helper} said that the people who were finished could go sit on the carpet until it was time for lunch",
    "{friend} kept telling me that {they} already knew how to get to the part where the monsters are",
    "the kid who always sits next to me said that he got all the way to the end at home",
    "{friend} said that {they} wanted to go back and try the part that we skipped",
    "{friend} is always the one who wants to go first",
    "{friend} can do the whole level without falling",
    "{friend} says that it is the best game in the whole school",
)

# The moment told again: children come back to what happened, often inside another clause.
RECALLS: tuple[str, ...] = (
    "that's when {event}",
    "it was so bad when {event}",
    "I couldn't believe that {event}",
    "everybody saw that {event}",
    "{helper} asked what happened and I said that {event}",
    "the worst part was that {event}",
    "it was right after {event}",
    "I remember that {event}",
    "the bad thing was that {event}",
    "I told my mom at home that {event}",
    "nobody could believe that {event}",
)

# How it was, in the child's everyday words: bad, annoying, not fun.
FEELINGS: tuple[str, ...] = (
    "I was like, oh no",
    "I didn't like that part at all",
    "it was so annoying",
    "I hate when that happens",
    "it was the worst thing that happened all week",
    "I didn't want to go back to it after that",
    "my heart was beating so fast that I could hear it",
    "I was so scared that I almost cried",
    "it was not fun anymore",
    "I just wanted to go home",
    "that part was so bad",
    "I was so tired of that level because it kept happening",
    "I couldn't believe that it happened twice",
    "I didn't know that it could do that",
    "it was the worst day ever",
    "I didn't want anybody to see that I was sad",
    "I don't really like that level",
    "it's so annoying when it does that",
    "I can never get past that part",
    "I was like, why is it doing that",
    "I just wanted it to be over",
    "I hate that level, it's the worst one",
    "I was scared because it was so loud",
    "I was kind of mad because we were almost done",
    "I was sad because we were so close",
    "I didn't know when we were going to make it",
    "I thought that everybody was going to be mad at me",
    "I wanted to get out of there as fast as I could",
    "I was thinking that we were never going to finish",
    "I didn't want to say anything because everybody was looking",
    "the whole thing was so weird",
    "that part is kind of creepy",
    "it was only the second time that I played it",
    "it was totally different from the other levels",
    "it was so loud in there that I couldn't even think",
    "it was really difficult and it felt kind of strange",
    "it was honestly really scary and kind of confusing",
    "it was kind of funny but it was also really annoying",
    "I thought that it was going to be easy but it was actually really difficult",
    "it felt so strange when everybody was looking at me",
    "it was probably the hardest level that I ever played",
    "I felt really terrible about it",
    "it was super difficult but it was also kind of exciting",
    "I was really nervous because I didn't want to be the person who made everybody lose",
    "it was a really strange feeling",
    "I was so excited when we got to the next part",
    "I thought it was really cool that the monsters were different colors",
    "it felt like it was taking forever",
    "I was so surprised because I didn't think that something like that could happen",
    "it was the most confusing level that I have ever seen in my whole life",
    "it was really embarrassing because the whole class was watching",
    "it was probably the worst thing that happened all day",
    "I always get nervous when people are watching me",
    "I am not very good at that level",
    "that level is very hard for me",
    "it is the hardest level in the whole game",
    "I can never remember which way you are supposed to go",
    "I would rather play the one with the racing cars",
    "I don't think I will ever like that level",
    "I am still kind of nervous about that part",
    "that part is very confusing if you haven't done it before",
)

# Side talk: true, ordinary, and nothing to do with the question.
OFF_TOPIC: tuple[str, ...] = (
    "I have that game at home too",
    "my brother always takes the tablet at home",
    "I beat my brother at it once",
    "we had pizza that day",
    "my mom says that I'm on the tablet too much",
    "my cousin has it on his phone",
    "the music in that game is weird",
    "it was a Friday",
    "I was wearing my new shoes",
    "my dog always watches me play",
    "we had music class after that",
    "I want to get the gold skin",
    "my sister plays it too",
    "it was raining outside",
    "I was hungry",
    "the tablets in our class are old",
    "my high score is like five hundred",
    "after that we went to lunch",
    "my dad got me that game for my birthday",
    "we were supposed to do math after that",
    "I forgot my water bottle that day",
    "the one at my house is way faster",
    "I stayed up late the night before",
    "we had a fire drill that day too",
    "I lost my tooth that week",
    "my grandma picked me up that day",
    "we didn't get to go outside that day",
    "my little brother broke our tablet one time",
    "I had a cold that week",
    "our class has a fish named Bubbles",
)

# How the youngest talkers tell most of it, and older ones some of it: short clauses about what they
# and the classmate wanted, tried and were doing, in the few everyday words they use for everything
# (wanted to, trying to, going to, started, went, said, looked, was), mostly about the one thing.
# Said again and again in one answer, they make a child's words repeat as real retellings do, and
# they are verb-heavy, as children's spoken narratives are.
PLAIN: tuple[str, ...] = (
    "I wanted to finish {thing}",
    "I was trying to finish {thing}",
    "I tried to finish {thing}",
    "I was going to finish {thing}",
    "I wanted to win",
    "I was trying to beat the other team",
    "I was going to beat it",
    "we were trying to finish {thing}",
    "we wanted to finish {thing}",
    "we were going to beat them",
    "we had to finish {thing}",
    "we had to start {thing} over",
    "I had to start {thing} over",
    "{friend} wanted to finish {thing}",
    "{friend} was trying to finish {thing}",
    "{friend} wanted to go first",
    "{they} wanted to go first",
    "{they} started {thing} over",
    "{friend} started {thing} over",
    "{friend} started playing",
    "I started playing",
    "I was doing {thing}",
    "{friend} was playing {thing}",
    "we were doing {thing}",
    "{friend} was watching me",
    "I was watching {friend}",
    "everybody was watching",
    "everybody was watching {thing}",
    "I looked at {friend}",
    "{friend} looked at me",
    "I said okay",
    "{friend} said okay",
    "I said no",
    "{friend} said no",
    "I went to {thing}",
    "I went back to {thing}",
    "{friend} went back to {thing}",
    "{thing} was so hard",
    "{thing} was really really hard",
    "{thing} took so long",
    "everything went so so fast",
    "everything fell down",
    "the game went boom",
    "I was like what",
    "{friend} was like what",
    "I wanted to go try to finish {thing}",
    "I was going to try to get to the end of {thing}",
    "I wanted to go back and try to finish {thing}",
    "{friend} wanted to try to go first",
    "I was trying to get {friend} to go first",
    "I wanted to see what {friend} was going to do",
    "I was going to go first but {friend} wanted to go first",
    "{friend} said that {they} wanted to try to finish {thing}",
    "everybody was looking at {thing}",
    "I was getting nervous",
    "{friend} was getting nervous",
    "I was thinking about {thing}",
    "{friend} was playing with me",
    "we were playing together",
    "I started going faster",
    "{friend} started going faster",
    "{friend} was pressing all the buttons",
    "we were getting closer",
    "I didn't know what was happening",
    "{friend} didn't know what was happening",
    "everybody was cheering",
    "I wanted to play something different",
    "{thing} was really weird",
    "{thing} was kind of scary",
    "it was so funny",
    "it was super cool",
    "it was really scary",
    "it was so weird",
    "the monster was really creepy",
    "I was so happy",
    "I was trying to get to the end of {thing} before everybody else",
    "I wanted to go see what everybody was doing",
    "{friend} was trying to show me how to do {thing}",
)

# How a child wraps up.
ENDINGS: tuple[str, ...] = (
    "so yeah",
    "that's it",
    "and that's what happened",
    "the end",
    "that's all",
    "so that was it",
    "and then we went back to class",
    "and then the bell rang",
    "and then it was time for lunch",
)

# How retelling runs on, joining a clause to the sentence before it or opening the next one: with
# "and", as children do; a clause that means "when" or "because" says so itself.
TALK_JOINS: tuple[str, ...] = (
    "{a}, and {b}",
    "{a} and {b}",
    "{a} and {b}",
    "{a}, and {b}",
    "{a} and then {b}",
    "{a}, and then {b}",
)
TALK_STARTERS: tuple[str, ...] = ("and ", "so ", "and then ", "and ")

# Said instead of a sentence start, or before a repeated word: a restart while talking.
RESTARTS: tuple[str, ...] = ("I mean", "wait", "no")
TAGS: tuple[str, ...] = ("you know", "or something", "and stuff")


@dataclass(frozen=True)
class TalkBank:
    """The spoken material of one grade band's talkers, beyond the shared banks above."""

    context: tuple[str, ...]
    details: tuple[str, ...]
    reactions: tuple[str, ...]
    recalls: tuple[str, ...]
    feelings: tuple[str, ...]
    off_topic: tuple[str, ...]
    endings: tuple[str, ...]


TALK_KINDS: tuple[str, ...] = ("context", "details", "reactions", "recalls", "feelings", "off_topic", "endings")

TALK: dict[str, TalkBank] = {
    "early": TalkBank(
        context=(
            "me and {friend} were playing",
            "it was at school",
            "we were on the tablet",
            "it was in the morning when we have centers",
        ),
        details=(
            "there was a giant monster and it ate you",
            "you have to go so fast or you lose",
            "the monster came and got my guy",
            "it went boom and then it was over",
        ),
        reactions=(
            "{friend} was crying",
            "{they} said I'm not playing anymore",
            "everybody was loud",
            "{friend} told on me to {helper}",
            "{they} went and hid under the table",
        ),
        recalls=("it was when {event}", "and then {event}", "I saw that {event}"),
        feelings=("I didn't like it", "it was bad", "I got scared a little bit"),
        off_topic=("I have a hamster", "my tooth was loose that day", "my mom packed me a sandwich"),
        endings=("the end", "that's it", "and then we had snack"),
    ),
    "middle": TalkBank(
        context=(
            "this was last week in class",
            "we were doing the challenge round",
            "it was the round where the two teams go against each other",
            "our teacher was letting us finish the level before recess",
            "we were doing the weekly challenge for extra points",
        ),
        details=(
            "the level had all these traps that you couldn't see",
            "we had a lot of points before that happened",
            "the map kept changing every time you went back",
            "the instructions were confusing because they changed halfway through",
            "the second level was way longer than the first one",
            "you had to remember which doors you already opened",
            "everybody kept getting eliminated at the same spot",
            "it was one of those levels where you have to remember which buttons you already pressed",
            "the part that everybody complained about was the bridge that disappears when you stand on it too long",
        ),
        reactions=(
            "{friend} was pretty upset about it",
            "some people were getting annoyed",
            "{friend} said that {they} {were} never touching that level",
            "{they} kept saying that it was the game's fault",
            "{friend} was complaining that somebody changed the settings",
            "{helper} explained that the level resets automatically",
            "{friend} started arguing with the other team about whose turn it was",
            "{friend} was saying that the person who made the game must have wanted everybody to lose",
        ),
        recalls=("the thing is that {event}", "it all started when {event}"),
        feelings=(
            "it was honestly so annoying",
            "I was done with that game",
            "it was kind of embarrassing",
            "I was nervous that everybody would blame me",
            "I was disappointed because we practiced that part",
            "it was actually pretty exciting until the part where everything started going wrong",
            "I was really nervous because everybody was expecting us to win",
        ),
        off_topic=("I usually play it with my cousin", "I got a new high score last week"),
        endings=("so yeah, that's what happened",),
    ),
    "upper": TalkBank(
        context=(
            "this was during the group challenge in class",
            "we were partnered up for the project level",
            "it was near the end of class and everyone was rushing",
            "our teacher was using the game for a unit on teamwork",
            "we were competing against the other class for a prize",
        ),
        details=(
            "the level was honestly pretty difficult",
            "we had been stuck on that part for a while",
            "the controls on the school tablets are kind of delayed",
            "the level basically requires everyone to coordinate at the same time",
            "the instructions were confusing and nobody explained them",
            "the scoring system punishes you for every small mistake",
            "we were supposed to complete it before the period ended",
            "you basically have to get everyone to press the switches that open the doors at the same time",
            "you have to memorize the order that the lights flash in before the timer runs out",
        ),
        reactions=(
            "{friend} was obviously frustrated",
            "a couple of people started arguing about it",
            "{friend} said that there was no way {they} {were} going back to it",
            "{friend} was complaining that the controls weren't responding",
            "{helper} explained that everybody struggles with that level",
            "{friend} kept insisting that somebody had changed the settings",
            "the people who had already finished were standing behind us telling us what to do",
        ),
        recalls=("what happened was that {event}", "it was basically when {event}"),
        feelings=(
            "it was honestly really frustrating",
            "it was kind of embarrassing in front of everyone",
            "I was nervous that everybody would blame me",
            "it was embarrassing because the whole class was watching",
            "I was annoyed because we were so close to finishing",
            "it was honestly pretty stressful because everybody was counting on us",
            "it felt really awkward because the whole class was watching us",
            "I honestly think the reason it went so badly was that nobody could hear what the others were saying",
            "it was honestly kind of ridiculous how difficult that level was",
        ),
        off_topic=("I honestly think the graphics are kind of outdated", "I've played it a lot at home"),
        endings=("that's basically what happened", "so that's how it went"),
    ),
}


def talk_for(band: str, kind: str) -> tuple[str, ...]:
    """The shared clauses of ``kind`` (one of ``TALK_KINDS``) plus ``band``'s own."""
    shared = {
        "context": CONTEXT,
        "details": DETAILS,
        "reactions": REACTIONS,
        "recalls": RECALLS,
        "feelings": FEELINGS,
        "off_topic": OFF_TOPIC,
        "endings": ENDINGS,
    }[kind]
    return shared + getattr(TALK[band], kind)
