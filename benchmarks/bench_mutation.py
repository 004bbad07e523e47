"""How much wrong code the tests catch: mutmut's score per module, and every surviving mutant.

    python benchmarks/bench_mutation.py [--keep]      # make mutation

Runs mutmut three times: from the repository root over the reader's helpers (with the tests
`make test` runs), from nbtruth/ over the checkers (with nbtruth's own tests), and from course/ over
the grader's pure functions (with the grading unit tests). Then prints, per module, mutants killed
out of mutants tried, and lists each survivor with its diff, so that each can be killed by a test or
explained. It measures; it asserts nothing. The
mutants/ folders are removed afterwards unless --keep is given.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = [ROOT, ROOT / "nbtruth", ROOT / "course"]  # each has its own [tool.mutmut] in its pyproject.toml
MUTMUT = [sys.executable, "-m", "mutmut"]
RESULT = re.compile(r"^\s+(\S+__mutmut_\d+): (\S.*)$")


def run(where: Path) -> dict[str, dict[str, list[str]]]:
    """Mutate and test in `where`; return {module: {status: [mutant names]}}."""
    subprocess.run([*MUTMUT, "run"], cwd=where, check=False, stdout=subprocess.DEVNULL)
    listing = subprocess.run([*MUTMUT, "results", "--all", "true"], cwd=where, capture_output=True, text=True)
    by_module: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in listing.stdout.splitlines():
        match = RESULT.match(line)
        if match:
            name, status = match.groups()
            module = name.partition("__mutmut_")[0].rpartition(".")[0]  # module.x_function -> module
            by_module[module][status].append(name)
    return by_module


def main() -> int:
    """Run both mutation runs and print the scores and the survivors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the mutants/ folders (for `mutmut show`)")
    args = parser.parse_args()
    start = time.perf_counter()
    survivors: list[tuple[Path, str]] = []
    print(f"{'module':42} {'killed':>7} {'tried':>6} {'score':>6}")
    for where in RUNS:
        for module, statuses in sorted(run(where).items()):
            tried = sum(len(names) for status, names in statuses.items() if status != "no tests")
            killed = len(statuses.get("killed", [])) + len(statuses.get("timeout", []))
            untested = len(statuses.get("no tests", []))
            note = f"   ({untested} in code no test reaches)" if untested else ""
            print(f"{module:42} {killed:7d} {tried:6d} {killed / max(tried, 1):6.0%}{note}")
            survivors += [(where, name) for status, names in statuses.items() if status not in ("killed", "timeout")
                          for name in names]
    print(f"\n{len(survivors)} surviving or untested mutants:")
    for where, name in survivors:
        shown = subprocess.run([*MUTMUT, "show", name], cwd=where, capture_output=True, text=True).stdout
        print(shown.rstrip() + "\n")
    print(f"mutation testing took {time.perf_counter() - start:.0f} s")
    if not args.keep:
        for where in RUNS:
            shutil.rmtree(where / "mutants", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
