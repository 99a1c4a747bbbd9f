"""Grade a synthetic class serially with nbgrader and in parallel with grade_parallel (issue 7).

    .venv/bin/python benchmarks/grade_class.py                  # 40 submissions, 2 workers
    .venv/bin/python benchmarks/grade_class.py --students 6     # a quick check that it works
    .venv/bin/python benchmarks/grade_class.py --students 80 --workers 4 --keep /tmp/class

Builds a temporary course with lesson 01 and a class of N real submissions (whole notebooks:
about 75 % correct, 12 % wrong answers of tests/test_lesson01.py, 8 % blank, a few hostile:
tampered checks, a truncated file), then grades two identical copies of it in the same run:

1. plain serial ``nbgrader autograde <id>`` (one process, one submission after the other);
2. ``python -m helpers.grade_parallel <id> --workers W`` (what ``make grade WORKERS=W`` runs).

It checks that every score matches (the truncated file has no score in either), and prints both
wall times, their ratio, and the time per submission next to the floor: a kernel start +
``import tensorflow`` through nbclient, and the notebook's own work (the solution notebook
executed once by nbclient). Run it on a quiet machine (check ``uptime``): other work on the
cores makes both figures meaningless. Exit code 0 when the scores match.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import grading_cases as gc  # noqa: E402
from coursetools import BIN, hermetic_env, make_submission  # noqa: E402

A = gc.ASSIGNMENT


def make_class(course, n):
    """``{student: content}``: mostly correct, some wrong, some blank, a few hostile."""
    from test_lesson01 import WRONG_ANSWERS

    release = Path(course) / "notebooks" / A / f"{A}.ipynb"
    wrong = list(WRONG_ANSWERS.values())
    bad = gc.bad_submissions(course)
    hostile = [bad["item09-tampered-checks"], bad["item01-truncated"]]
    n_wrong, n_blank, n_hostile = max(1, round(n * 0.12)), max(1, round(n * 0.08)), max(1, round(n * 0.05))
    subs = {}
    for i in range(n):
        if i < n_hostile:
            content, kind = hostile[i % len(hostile)], "hostile"
        elif i < n_hostile + n_wrong:
            content, kind = make_submission(A, release, wrong[i % len(wrong)].replacements), "wrong"
        elif i < n_hostile + n_wrong + n_blank:
            content, kind = gc.release_nb(course), "blank"
        else:
            content, kind = gc.solution_nb(course), "correct"
        subs[f"s{i:03d}-{kind}"] = content
    return subs


def scores(course):
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}", "shapes-and-batches") as gb:
        for sub in gb.assignment_submissions(A):
            nb = gb.find_submission_notebook(A, A, sub.student.id)
            out[sub.student.id] = float(nb.score)
    return out


def execute_seconds(nb_path, env, runs):
    """Median wall time of nbclient executing a notebook (a fresh kernel each time)."""
    code = (
        "import sys, time, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "t = time.monotonic()\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', allow_errors=True,\n"
        "               extra_arguments=['--IPKernelApp.capture_fd_output=False'],\n"
        "               resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "print(time.monotonic() - t)\n")
    times = []
    for _ in range(runs):
        proc = subprocess.run([str(BIN / "python"), "-c", code, str(nb_path), str(Path(nb_path).parent)],
                              env=env, capture_output=True, text=True, check=True)
        times.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40, help="class size (default 40)")
    parser.add_argument("--workers", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grade-class-"))
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    try:
        print(f"load average before: {load:.2f} on {os.cpu_count()} cores", flush=True)
        course = gc.build_course(workdir / "serial")
        subs = make_class(course, args.students)
        for student, content in subs.items():
            gc.write_submission(course, student, content)
        parallel = workdir / "parallel" / "course"
        shutil.copytree(course, parallel)
        env = hermetic_env(workdir / "home")

        # the floor and the notebook's own work
        probe = workdir / "probe"
        probe.mkdir()
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        nbformat.write(new_notebook(cells=[new_code_cell("import tensorflow")]), probe / "floor.ipynb")
        nbformat.write(gc.solution_nb(course), probe / "solution.ipynb")
        floor = execute_seconds(probe / "floor.ipynb", env, 3)
        notebook = execute_seconds(probe / "solution.ipynb", env, 3)

        started = time.monotonic()
        serial_proc = subprocess.run([str(BIN / "nbgrader"), "autograde", A, "--force"], cwd=course, env=env,
                                     capture_output=True, text=True)
        serial_s = time.monotonic() - started
        started = time.monotonic()
        par_proc = subprocess.run([str(BIN / "python"), "-m", "helpers.grade_parallel", A,
                                   "--workers", str(args.workers), "--no-feedback"],
                                  cwd=parallel, env=env, capture_output=True, text=True)
        parallel_s = time.monotonic() - started
        if par_proc.returncode not in (0, 1):
            print(par_proc.stdout[-3000:], par_proc.stderr[-3000:])
            return 2

        a, b = scores(course), scores(parallel)
        unscored = sorted(set(subs) - set(a))
        compared = sorted(set(a) & set(b))
        mismatched = [s for s in compared if a[s] != b[s]]
        missing = sorted(set(a) - set(b))
        n = len(subs)
        print(f"\n{n} submissions of {A} ({sum('correct' in s for s in subs)} correct, "
              f"{sum('wrong' in s for s in subs)} wrong, {sum('blank' in s for s in subs)} blank, "
              f"{sum('hostile' in s for s in subs)} hostile)")
        print(f"scores: {len(compared)} compared, {len(mismatched)} differ {mismatched[:5]}, "
              f"{len(missing)} missing in parallel {missing[:5]}; no score from nbgrader: {unscored}")
        print(f"serial nbgrader autograde      : {serial_s:7.1f} s  ({serial_s / n:.2f} s a submission; "
              f"exit {serial_proc.returncode})")
        print(f"grade_parallel --workers {args.workers}    : {parallel_s:7.1f} s  ({parallel_s / n:.2f} s a submission "
              f"wall, {parallel_s * args.workers / n:.2f} s of a worker each; exit {par_proc.returncode})")
        print(f"speed-up                       : {serial_s / parallel_s:7.2f}x")
        print(f"floor (kernel + import TF)     : {floor:7.2f} s;  solution notebook via nbclient: {notebook:.2f} s")
        per_worker = parallel_s * args.workers / n
        print(f"overhead beyond the notebook   : {100 * (per_worker / notebook - 1):+6.1f} % per submission "
              f"(worker time {per_worker:.2f} s vs {notebook:.2f} s)")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 0 if not mismatched and not missing else 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
