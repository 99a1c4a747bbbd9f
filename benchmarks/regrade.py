"""Regrade the same submissions N times and check that nothing changes (determinism).

    .venv/bin/python -m benchmarks.regrade               # the full check: 10 regrades
    .venv/bin/python -m benchmarks.regrade --runs 3 --keep /tmp/regrade

Builds a temporary course with the fixture lesson 01 (tests/grader/fixtures) and a mixed set of submissions (the solution, named
wrong answers of tests/grader/cases.py, and bad submissions of tests/grader/cases.py:
unreadable, deleted and edited check cells, a crash, tampering), grades them with
`python -m grader grade --serial` N times, and compares every run with the first: the CSV
(status, score, failed checks, reason) byte for byte, and the gradebook (every grade, comment
and flag). Prints the time of each run. Exit code 0 when all runs agree.

Heavy: each run executes every notebook (about 5 s each on an idle 2-core machine).
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.grader import cases
from tests.support import make_submission

#: the bad submissions of tests/grader/cases.py in the mixed set (the slow loop case is left out)
BAD = [
    "item01-truncated",
    "item01-empty",
    "item02-deleted-check-cells",
    "item03-04-cells-tampered",
    "item08-segfault",
    "item09-tampered-checks",
    "item10-other-lesson",
]


def mixed_set(course):
    """``{student: content}``: solution, the lesson's wrong answers, some bad submissions."""
    release = Path(course) / "notebooks" / cases.ASSIGNMENT / f"{cases.ASSIGNMENT}.ipynb"
    subs = {"solution": cases.solution_nb(course)}
    for index, answer in enumerate(cases.WRONG_ANSWERS.values()):
        subs[f"wrong-{index + 1}"] = make_submission(
            cases.ASSIGNMENT, release, answer.replacements, solutions=cases.FIXTURES
        )
    bad = cases.bad_submissions(course)
    subs.update({name: bad[name] for name in BAD})
    return subs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="how many times to grade (default 10)")
    parser.add_argument(
        "--keep", help="build the course here and keep it (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="regrade-"))
    if workdir.exists() and any(workdir.iterdir()):
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        course = cases.build_course(workdir)
        subs = mixed_set(course)
        for student, content in subs.items():
            cases.write_submission(course, student, content)
        print(f"{len(subs)} submissions, {args.runs} runs, course {course}", flush=True)
        first_csv = first_state = None
        differences = 0
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            proc = cases.run_grade(course)
            seconds = time.monotonic() - started
            csv_text = (Path(course) / "grades" / f"{cases.ASSIGNMENT}.csv").read_text()
            state = cases.gradebook_state(course)
            if first_csv is None:
                first_csv, first_state = csv_text, state
                print(proc.stdout.split("\n\n")[-2] if "\n\n" in proc.stdout else proc.stdout)
            same = csv_text == first_csv and state == first_state
            differences += not same
            print(
                f"run {run:>2}: exit {proc.returncode}, {seconds:6.1f} s, "
                f"{'same as run 1' if same else 'DIFFERENT from run 1'}",
                flush=True,
            )
        print("all runs agree" if not differences else f"{differences} runs differ from run 1")
        return 0 if not differences else 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
