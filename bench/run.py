"""Run every benchmark in bench/ (bench_*.py) one after another and print their figures.

Usage: python bench/run.py [--only NAME] [-- extra args passed to each script]
Each script prints its own baseline and ours measured in the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only bench_<NAME>.py (repeatable)")
    parser.add_argument("extra", nargs="*", help="arguments passed to every script")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    failed = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        start = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script), *args.extra])
        print(f"--- {script.name}: exit {rc}, {time.perf_counter() - start:.1f} s", flush=True)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
