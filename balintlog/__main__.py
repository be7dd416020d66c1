"""The ``balintlog`` entry point (the console script and ``python -m balintlog``).

A command the unlocked key agent can serve goes to it before anything heavy
is imported (the warm path, :mod:`balintlog.agent.warm`); every other runs in
this process through :func:`balintlog.cli.main` (the cold path).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Forward the command to the key agent, or run it here."""
    try:
        from balintlog.agent.warm import forward

        code = forward(sys.argv)
    except KeyboardInterrupt:
        from balintlog import INTERRUPTED

        sys.stderr.write(INTERRUPTED + "\n")
        raise SystemExit(130) from None
    if code is not None:
        raise SystemExit(code)
    from balintlog.cli import main as cold

    cold()


if __name__ == "__main__":
    main()
