"""``python -m balintlog.agent``: the key agent process (see :func:`balintlog.agent.main`)."""

import sys

from balintlog.agent import main

sys.exit(main())
