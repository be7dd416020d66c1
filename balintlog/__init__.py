"""balintlog: an encrypted case journal for Balint-group facilitators."""

__version__ = "0.1.0"

INTERRUPTED = "Interrupted; nothing was changed by the unfinished command."


def main() -> None:
    """The console entry point. Importing the CLI takes a moment; Ctrl-C
    then must not print a traceback either."""
    import sys

    try:
        from balintlog.cli import main as cli_main
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        sys.exit(130)
    cli_main()
