"""A scripted stand-in for $VISUAL in tests: ``python fake_editor.py PLAN_DIR FILE``.

PLAN_DIR/plan.json is a list of steps, one per time the editor is opened.
Each opening records what the editor saw (seen-N.txt), the file's mode
(mode-N.txt) and its argv (argv-N.json) in PLAN_DIR, then does the step:

* ``{"action": "write", "text": ...}``: replace the file's text;
* ``{"action": "replace", "old": ..., "new": ...}``: edit the text it saw;
* ``{"action": "empty"}``: empty the file (the user gives up);
* ``{"action": "keep"}``: leave it unchanged and return at once;
* ``{"action": "crash", "text": ...}``: write, then kill balintlog (SIGKILL).

``"exit": N`` makes the editor exit with status N.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path


def main() -> int:
    plan_dir, target = Path(sys.argv[1]), Path(sys.argv[-1])
    steps = json.loads((plan_dir / "plan.json").read_text(encoding="utf-8"))
    n = len(list(plan_dir.glob("seen-*.txt")))
    seen = target.read_text(encoding="utf-8")
    (plan_dir / f"seen-{n}.txt").write_text(seen, encoding="utf-8")
    (plan_dir / f"mode-{n}.txt").write_text(oct(target.stat().st_mode & 0o777))
    (plan_dir / f"argv-{n}.json").write_text(json.dumps(sys.argv))
    step = steps[n] if n < len(steps) else {"action": "keep"}
    action = step["action"]
    if action in ("write", "crash"):
        target.write_text(step["text"], encoding="utf-8")
    elif action == "replace":
        assert step["old"] in seen, f"{step['old']!r} not in the file"
        target.write_text(seen.replace(step["old"], step["new"]), encoding="utf-8")
    elif action == "empty":
        target.write_text("", encoding="utf-8")
    if action == "crash":
        os.kill(os.getppid(), signal.SIGKILL)
    return int(step.get("exit", 0))


if __name__ == "__main__":
    sys.exit(main())
