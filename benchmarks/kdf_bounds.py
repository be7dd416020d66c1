"""What a keyslot at the KDF bounds costs on this machine, and what
calibration picks here.

Each derivation runs in a fresh Python process, so that its peak RSS is the
derivation's own memory. Prints a Markdown table for benchmarks/RESULTS.md::

    python benchmarks/kdf_bounds.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys

_ONE = """
import json, resource, sys, time
from balintlog import vault
m, t, p = (int(a) for a in sys.argv[1:4])
params = vault.KdfParams(m, t, p)
wall, cpu = time.perf_counter(), time.process_time()
vault.derive_kek(b"benchmark", b"s" * 16, params)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "cpu": cpu, "rss_kib": rss}))
"""

_CALIBRATE = """
import json, time
from balintlog import vault
wall = time.perf_counter()
params = vault.calibrate()
wall = time.perf_counter() - wall
took = min(vault.derivation_time(params, b"s" * 16) for _ in range(3))
print(json.dumps({"params": params.describe(), "calibration": wall, "derivation": took}))
"""


def candidates() -> list[tuple[str, tuple[int, int, int]]]:
    from balintlog import vault

    mib = 1024
    floor = vault.MIN_PARAMS
    top = vault.MAX_PARAMS
    work = vault.MAX_WORK_KIB
    return [
        ("floor", (floor.memory_kib, floor.iterations, floor.lanes)),
        ("most memory, fewest passes", (top.memory_kib, floor.iterations, floor.lanes)),
        ("most memory, fewest passes, most lanes", (top.memory_kib, floor.iterations, top.lanes)),
        ("most passes within the work bound", (work // top.iterations // mib * mib, top.iterations, floor.lanes)),
        ("old bound (refused now)", (2 * 1024 * mib, 20, 16)),
    ]


def measure(params: tuple[int, int, int], runs: int) -> dict[str, float]:
    found: list[dict[str, float]] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", _ONE, *(str(v) for v in params)], capture_output=True, text=True, check=True
        )
        found.append(json.loads(done.stdout))
    best = min(found, key=lambda f: f["wall"])
    return {
        "wall_min": best["wall"],
        "wall_max": max(f["wall"] for f in found),
        "cpu": best["cpu"],
        "rss_mib": max(f["rss_kib"] for f in found) / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-old", action="store_true", help="do not measure the old bound (slow)")
    args = parser.parse_args()
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load} before"
    )
    print()
    print("| keyslot | m, t, p | wall (best–worst) | CPU | peak RSS |")
    print("|---|---|---|---|---|")
    for label, params in candidates():
        if args.skip_old and label.startswith("old"):
            continue
        m, t, p = params
        got = measure(params, 1 if label.startswith("old") else args.runs)
        print(
            f"| {label} | {m // 1024} MiB, {t}, {p} | {got['wall_min']:.2f}–{got['wall_max']:.2f} s "
            f"| {got['cpu']:.2f} s | {got['rss_mib']:.0f} MiB |"
        )
    print()
    for _ in range(args.runs):
        done = subprocess.run([sys.executable, "-c", _CALIBRATE], capture_output=True, text=True, check=True)
        cal = json.loads(done.stdout)
        print(
            f"- calibration: {cal['params']} in {cal['calibration']:.1f} s; "
            f"one derivation then takes {cal['derivation']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
