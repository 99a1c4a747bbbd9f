"""Grade a synthetic class serially with nbgrader and in parallel with `python -m grader grade`.

    .venv/bin/python -m benchmarks.grade_class                  # 40 submissions, 2 workers
    .venv/bin/python -m benchmarks.grade_class --students 6     # a quick check that it works
    .venv/bin/python -m benchmarks.grade_class --students 80 --workers 4 --keep /tmp/class  # keeps grade.out

Builds a temporary course with the fixture lesson 01 (tests/grader/fixtures) and a class of N real submissions (whole notebooks:
about 75 % correct, 12 % wrong answers of tests/grader/cases.py, 8 % blank, a few hostile:
tampered checks, a truncated file), then grades two identical copies of it in the same run:

1. plain serial ``nbgrader autograde <id>`` (one process, one submission after the other);
2. ``python -m grader grade <id> --workers W`` (what ``make grade WORKERS=W`` runs).

It checks that every score matches (the truncated file has no score in either), and prints both
wall times, their ratio, and the time per submission next to

- the floor: a kernel start + ``import tensorflow`` through nbclient;
- the notebooks' own work: the very notebooks nbgrader executed (the autograded notebooks of the
  serial run, hidden tests included, outputs cleared) executed again by bare nbclient, W at a
  time on a pool of W long-lived processes, with the same per-kernel thread settings as the
  grading workers. What the grader adds beyond that (staging, checks, nbgrader's converter,
  the gradebook, the writer, start and stop) is the overhead.

Run it on a quiet machine (check ``uptime``): other work on the cores makes every figure
meaningless. Exit code 0 when the scores match.
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

from tests.grader import cases
from tests.support import BIN, hermetic_env, make_submission

A = cases.ASSIGNMENT


def make_class(course, n):
    """``{student: content}``: mostly correct, some wrong, some blank, a few hostile."""
    release = Path(course) / "notebooks" / A / f"{A}.ipynb"
    wrong = list(cases.WRONG_ANSWERS.values())
    bad = cases.bad_submissions(course)
    hostile = [bad["item09-tampered-checks"], bad["item01-truncated"]]
    n_wrong, n_blank, n_hostile = max(1, round(n * 0.12)), max(1, round(n * 0.08)), max(1, round(n * 0.05))
    subs = {}
    for i in range(n):
        if i < n_hostile:
            content, kind = hostile[i % len(hostile)], "hostile"
        elif i < n_hostile + n_wrong:
            content, kind = make_submission(A, release, wrong[i % len(wrong)].replacements, solutions=cases.FIXTURES), "wrong"
        elif i < n_hostile + n_wrong + n_blank:
            content, kind = cases.release_nb(course), "blank"
        else:
            content, kind = cases.solution_nb(course), "correct"
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


BARE_POOL = """
import concurrent.futures, multiprocessing, os, sys, time
from pathlib import Path

def run(path):
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   extra_arguments=["--IPKernelApp.capture_fd_output=False"],
                   resources={"metadata": {"path": str(Path(path).parent)}}).execute()

def warm():
    import nbclient, nbformat  # noqa: F401

if __name__ == "__main__":
    from grader.executors.local import kernel_thread_env
    workers = int(sys.argv[1])
    os.environ.update(kernel_thread_env(workers))  # what the grading workers' kernels get
    with concurrent.futures.ProcessPoolExecutor(workers, multiprocessing.get_context("spawn")) as pool:
        for f in [pool.submit(warm) for _ in range(workers)]:
            f.result()
        started = time.monotonic()
        list(pool.map(run, sys.argv[2:]))
        print(time.monotonic() - started)
"""


def run_timed(cmd, cwd, env, n):
    """Run `python -m grader grade`, noting when its "Grading ..." line (setup done, jobs go out) and its
    last progress line ([n/n]) appear. Returns ``(CompletedProcess, (start-up, grading, stop))``."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as err:  # a file: a full stderr pipe would block the run
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
        lines, begin, end = [], None, None
        for line in proc.stdout:
            lines.append(line)
            if begin is None and line.startswith("Grading "):
                begin = time.monotonic()
            if line.startswith(f"[{n}/{n}]"):
                end = time.monotonic()
        proc.wait()
        stop = time.monotonic()
        err.seek(0)
        stderr = err.read()
    result = subprocess.CompletedProcess(cmd, proc.returncode, "".join(lines), stderr)
    if begin is None or end is None:
        return result, None
    return result, (begin - started, end - begin, stop - end)


def bare_seconds(notebooks, workers, env, cwd):
    """Wall time of bare nbclient executing ``notebooks`` on ``workers`` warm processes."""
    script = Path(cwd) / "bare_pool.py"  # a file: spawned processes import their functions from it
    script.write_text(BARE_POOL)
    proc = subprocess.run([str(BIN / "python"), str(script), str(workers), *map(str, notebooks)],
                          env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


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
        course = cases.build_course(workdir / "serial")
        subs = make_class(course, args.students)
        for student, content in subs.items():
            cases.write_submission(course, student, content)
        parallel = workdir / "parallel" / "course"
        shutil.copytree(course, parallel)
        env = hermetic_env(workdir / "home")

        # the floor and the notebook's own work
        probe = workdir / "probe"
        probe.mkdir()
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        nbformat.write(new_notebook(cells=[new_code_cell("import tensorflow")]), probe / "floor.ipynb")
        floor = execute_seconds(probe / "floor.ipynb", env, 3)

        started = time.monotonic()
        serial_proc = subprocess.run([str(BIN / "nbgrader"), "autograde", A, "--force"], cwd=course, env=env,
                                     capture_output=True, text=True)
        serial_s = time.monotonic() - started
        started = time.monotonic()
        par_proc, phases = run_timed([str(BIN / "python"), "-m", "grader", "grade", A,
                                      "--workers", str(args.workers), "--no-feedback"], parallel, env, n=len(subs))
        parallel_s = time.monotonic() - started
        (workdir / "grade.out").write_text(par_proc.stdout)  # per-student times (--keep)
        if par_proc.returncode not in (0, 1):
            print(par_proc.stdout[-3000:], par_proc.stderr[-3000:])
            return 2

        # the same notebooks nbgrader executed (copied: executing them must not touch the course)
        graded = []
        for student in subs:
            path = course / "autograded" / student / A / f"{A}.ipynb"
            if path.exists():
                target = probe / "graded" / student / path.name
                target.parent.mkdir(parents=True)
                shutil.copy2(path, target)
                graded.append(target)
        bare_s = bare_seconds(graded, args.workers, env, probe)

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
        print(f"grader grade --workers {args.workers}     : {parallel_s:7.1f} s  ({parallel_s / n:.2f} s a submission "
              f"wall, {parallel_s * args.workers / n:.2f} s of a worker each; exit {par_proc.returncode})")
        print(f"speed-up                       : {serial_s / parallel_s:7.2f}x")
        per_worker, per_bare = parallel_s * args.workers / n, bare_s * args.workers / n
        print(f"bare nbclient, {args.workers} at a time    : {bare_s:7.1f} s  (the {len(graded)} notebooks nbgrader "
              f"executed, hidden tests included, on warm processes: {per_bare:.2f} s of a worker each)")
        print(f"floor (kernel + import TF)     : {floor:7.2f} s  (one kernel alone)")
        print(f"overhead, whole run            : {100 * (per_worker / per_bare - 1):+6.1f} % "
              f"(worker time {per_worker:.2f} s vs {per_bare:.2f} s a submission)")
        if phases:
            setup, grading, stop = phases
            per_sub = grading * args.workers / n
            print(f"  = start-up {setup:.1f} s (imports, config, gradebook check) + grading {grading:.1f} s "
                  f"+ stop {stop:.1f} s")
            print(f"overhead per submission        : {100 * (per_sub / per_bare - 1):+6.1f} % "
                  f"(grading phase: {per_sub:.2f} s of a worker each vs {per_bare:.2f} s)")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 0 if not mismatched and not missing else 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
