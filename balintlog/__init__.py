"""balintlog: an encrypted case journal for Balint-group facilitators."""

__version__ = "0.1.0"

INTERRUPTED = "Interrupted; nothing was changed by the unfinished command."

