"""The error a service raises for a user's mistake: one sentence, shown as is."""


class UserError(Exception):
    """Not found, ambiguous, invalid: the message is for the user, never a traceback."""
