"""Runs every benchmark (bench/bench_*.py) in its own process and prints what each measured.

Timings live here, never in tests: these machines are shared and noisy, so each script
repeats its measurement and reports the median (and best) rather than one run.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.stem}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        if result.returncode != 0:
            failures += 1
            print(f"!! {script.name} exited with {result.returncode}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
