"""The one exception type whose message is shown to people as a single line."""


class SkillsynthError(Exception):
    """A problem with the user's input or config: the message names file/key, value and expectation."""
