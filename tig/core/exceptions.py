"""The one exception of a refused step."""


class Refused(Exception):
    """A step that a rule refuses (who acts, when, on what), with the reason in French for the
    user. Every service raises it, never anything else, for a refusal; the views show its
    message. Nothing has been changed when it is raised: each step runs in one transaction."""
