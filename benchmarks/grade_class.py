"""Grade a synthetic class serially with nbgrader and in parallel with `python -m grader grade`.

    .venv/bin/python -m benchmarks.grade_class                  # 40 submissions, 2 workers
    .venv/bin/python -m benchmarks.grade_class --students 6     # a quick check that it works
    .venv/bin/python -m benchmarks.grade_class --rounds 3       # medians of 3 rounds, interleaved
    .venv/bin/python -m benchmarks.grade_class --students 80 --workers 4 --keep /tmp/class  # keeps grade.out

Builds a temporary course with the fixture lesson 01 (tests/grader/fixtures) and a class of N real submissions (whole notebooks:
about 75 % correct, 12 % wrong answers of tests/grader/cases.py, 8 % blank, a few hostile:
tampered checks, a truncated file), then grades two fresh copies of it in each round (``--rounds``, default 1):

1. plain serial ``nbgrader autograde <id>`` (one process, one submission after the other);
2. ``python -m grader grade <id> --workers W`` (what ``make grade WORKERS=W`` runs).

Rounds alternate which goes first, so that a slow spell of the machine falls on both columns
alike; the report gives each round's ratio and the medians. It checks that every score matches
(the truncated file has no score in either), and prints both wall times, their ratio, and the
time per submission next to

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
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from grader.timings import PHASES
from tests.grader import cases
from tests.lessons.wrong_answers import by_assignment
from tests.support import BIN, generate_release, hermetic_env, make_course, make_submission

A = cases.ASSIGNMENT  # the fixture: lesson 01's first edition, frozen
#: the lessons as released today (``--lesson``), by their number
LESSONS = {"01": "01_input_layer_vs_features", "05": "05_variable_length_batches"}
TIMINGS = "timings.jsonl"


def make_class(course, n):
    """``{student: content}``: mostly correct, some wrong, some blank, a few hostile."""
    release = Path(course) / "notebooks" / A / f"{A}.ipynb"
    wrong = list(cases.WRONG_ANSWERS.values())
    bad = cases.bad_submissions(course)
    hostile = [bad["item09-tampered-checks"], bad["item01-truncated"]]
    n_wrong, n_blank, n_hostile = (
        max(1, round(n * 0.12)),
        max(1, round(n * 0.08)),
        max(1, round(n * 0.05)),
    )
    subs = {}
    for i in range(n):
        if i < n_hostile:
            content, kind = hostile[i % len(hostile)], "hostile"
        elif i < n_hostile + n_wrong:
            content, kind = (
                make_submission(
                    A, release, wrong[i % len(wrong)].replacements, solutions=cases.FIXTURES
                ),
                "wrong",
            )
        elif i < n_hostile + n_wrong + n_blank:
            content, kind = cases.release_nb(course), "blank"
        else:
            content, kind = cases.solution_nb(course), "correct"
        subs[f"s{i:03d}-{kind}"] = content
    return subs


def make_lesson_class(course, assignment, n):
    """``{student: content}`` of today's lesson ``assignment``, in the proportions of
    :func:`make_class`: its solution, its named wrong answers, the blank release, and hostile
    submissions (check cells rewritten to print a pass; a truncated file)."""
    release = Path(course) / "notebooks" / assignment / f"{assignment}.ipynb"
    solution = make_submission(assignment, release, {})
    wrong = list(by_assignment()[assignment].values())
    tampered = make_submission(assignment, release, {})
    for cell in tampered.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            cell.source = 'print("[PASS] all checks")'
    text = json.dumps(solution)
    hostile = [tampered, text[: len(text) // 2]]
    n_wrong, n_blank, n_hostile = (max(1, round(n * f)) for f in (0.12, 0.08, 0.05))
    subs = {}
    for i in range(n):
        if i < n_hostile:
            content, kind = hostile[i % len(hostile)], "hostile"
        elif i < n_hostile + n_wrong:
            replacements = wrong[i % len(wrong)].replacements
            content, kind = make_submission(assignment, release, replacements), "wrong"
        elif i < n_hostile + n_wrong + n_blank:
            content, kind = nbformat.read(release, as_version=4), "blank"
        else:
            content, kind = solution, "correct"
        subs[f"s{i:03d}-{kind}"] = content
    return subs


def build_class(workdir, assignment, n, *, fixture):
    """The course (lesson 01's frozen first edition with ``fixture``, else today's
    ``assignment``) with ``n`` submissions in ``submitted/``, and a timings log for each grading
    run. Returns ``(course, subs)``."""
    if fixture:
        course = cases.build_course(workdir)
        subs = make_class(course, n)
    else:
        course = make_course(workdir, [assignment])
        generate_release(course, assignment)
        subs = make_lesson_class(course, assignment, n)
    for student, content in subs.items():
        target = Path(course) / "submitted" / student / assignment / f"{assignment}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=1)
        target.write_text(text)
    with open(Path(course) / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.GuardedExecute.timings_log = os.path.join(COURSE_ROOT, {TIMINGS!r})\n")
    return course, subs


def scores(course, assignment):
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}", "shapes-and-batches") as gb:
        for sub in gb.assignment_submissions(assignment):
            nb = gb.find_submission_notebook(assignment, assignment, sub.student.id)
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
        "print(time.monotonic() - t)\n"
    )
    times = []
    for _ in range(runs):
        proc = subprocess.run(
            [str(BIN / "python"), "-c", code, str(nb_path), str(Path(nb_path).parent)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
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
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=err, text=True
        )
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
    proc = subprocess.run(
        [str(BIN / "python"), str(script), str(workers), *map(str, notebooks)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(proc.stdout.strip().splitlines()[-1])


def grade_round(template, folder, *, assignment, workers, env, n, parallel_first):
    """Grade two fresh copies of the class in ``template``: serial nbgrader and ``grader grade``.

    ``parallel_first`` swaps the order, so that over several rounds a slow spell of the machine
    falls on both columns alike.

    Returns:
        dict: ``serial_s``, ``parallel_s``, ``phases`` (see :func:`run_timed`), ``serial`` and
        ``parallel`` (the two course folders), ``serial_rc``, ``parallel_proc``.
    """
    serial, parallel = folder / "serial" / "course", folder / "parallel" / "course"
    shutil.copytree(template, serial)
    shutil.copytree(template, parallel)
    out = {"serial": serial, "parallel": parallel}

    def run_serial():
        started = time.monotonic()
        proc = subprocess.run(
            [str(BIN / "nbgrader"), "autograde", assignment, "--force"],
            cwd=serial,
            env=env,
            capture_output=True,
            text=True,
        )
        out.update(serial_s=time.monotonic() - started, serial_rc=proc.returncode)

    def run_parallel():
        started = time.monotonic()
        proc, phases = run_timed(
            [
                str(BIN / "python"),
                "-m",
                "grader",
                "grade",
                assignment,
                "--workers",
                str(workers),
                "--no-feedback",
            ],
            parallel,
            env,
            n=n,
        )
        out.update(parallel_s=time.monotonic() - started, phases=phases, parallel_proc=proc)
        (folder / "grade.out").write_text(proc.stdout)  # per-student times (--keep)

    for step in (run_parallel, run_serial) if parallel_first else (run_serial, run_parallel):
        step()
    return out


def compare_scores(serial, parallel, subs, assignment):
    """``(mismatched, missing, unscored)`` students: scores that differ, scored by nbgrader but not
    by `grader grade`, not scored by nbgrader."""
    a, b = scores(serial, assignment), scores(parallel, assignment)
    mismatched = [s for s in sorted(set(a) & set(b)) if a[s] != b[s]]
    return mismatched, sorted(set(a) - set(b)), sorted(set(subs) - set(a))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40, help="class size (default 40)")
    parser.add_argument("--workers", type=int, default=2, help="parallel workers (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="grade the class this many times each way, alternating which goes first, "
        "and report the medians (default 1)",
    )
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument(
        "--lesson",
        choices=sorted(LESSONS),
        help="grade today's lesson 01 or 05 as released (default: the frozen first edition of "
        "lesson 01 in tests/grader/fixtures, the series of runs 1-17)",
    )
    parser.add_argument(
        "--no-bare",
        action="store_true",
        help="skip the bare-nbclient reference (minutes for lesson 05, whose notebooks run "
        "every check in the kernel) and the overhead against it",
    )
    args = parser.parse_args(argv)
    assignment = LESSONS[args.lesson] if args.lesson else A
    load = os.getloadavg()[0]
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grade-class-"))
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    try:
        print(f"load average before: {load:.2f} on {os.cpu_count()} cores", flush=True)
        template, subs = build_class(
            workdir / "class", assignment, args.students, fixture=not args.lesson
        )
        env = hermetic_env(workdir / "home")
        n = len(subs)
        print(
            f"{n} submissions of {assignment}{'' if args.lesson else ' (fixture)'} ({sum('correct' in s for s in subs)} correct, "
            f"{sum('wrong' in s for s in subs)} wrong, {sum('blank' in s for s in subs)} blank, "
            f"{sum('hostile' in s for s in subs)} hostile)",
            flush=True,
        )

        rounds, failed = [], False
        for r in range(1, args.rounds + 1):
            got = grade_round(
                template,
                workdir / f"round{r}",
                assignment=assignment,
                workers=args.workers,
                env=env,
                n=n,
                parallel_first=r % 2 == 0,
            )
            if got["parallel_proc"].returncode not in (0, 1):
                print(got["parallel_proc"].stdout[-3000:], got["parallel_proc"].stderr[-3000:])
                return 2
            mismatched, missing, unscored = compare_scores(
                got["serial"], got["parallel"], subs, assignment
            )
            failed = failed or bool(mismatched or missing)
            rounds.append(got)
            print(
                f"round {r} ({'grader grade' if r % 2 == 0 else 'nbgrader'} first): serial nbgrader "
                f"{got['serial_s']:6.1f} s (exit {got['serial_rc']}), grader grade --workers {args.workers} "
                f"{got['parallel_s']:6.1f} s (exit {got['parallel_proc'].returncode}): "
                f"{got['serial_s'] / got['parallel_s']:.2f}x; scores: {len(mismatched)} differ "
                f"{mismatched[:5]}, {len(missing)} missing in parallel {missing[:5]}; "
                f"no score from nbgrader: {unscored}",
                flush=True,
            )
        report(rounds, workdir, args, env, n, assignment)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        return 1 if failed else 0
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def report(rounds, workdir, args, env, n, assignment):
    """The medians of the rounds, next to the floor and the notebooks' own work."""
    probe = workdir / "probe"
    probe.mkdir()
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nbformat.write(new_notebook(cells=[new_code_cell("import tensorflow")]), probe / "floor.ipynb")
    floor = execute_seconds(probe / "floor.ipynb", env, 3)
    # the same notebooks nbgrader executed (copied: executing them must not touch the course)
    graded = []
    pattern = f"*/{assignment}/{assignment}.ipynb"
    for path in sorted((rounds[-1]["serial"] / "autograded").glob(pattern)):
        target = probe / "graded" / path.parts[-3] / path.name
        target.parent.mkdir(parents=True)
        shutil.copy2(path, target)
        graded.append(target)
    bare_s = None if args.no_bare else bare_seconds(graded, args.workers, env, probe)

    serial_s = statistics.median(r["serial_s"] for r in rounds)
    parallel_s = statistics.median(r["parallel_s"] for r in rounds)
    ratios = [r["serial_s"] / r["parallel_s"] for r in rounds]
    label = "" if len(rounds) == 1 else f", median of {len(rounds)} rounds"
    print(
        f"\nserial nbgrader autograde      : {serial_s:7.1f} s  ({serial_s / n:.2f} s a submission{label})"
    )
    print(
        f"grader grade --workers {args.workers}     : {parallel_s:7.1f} s  ({parallel_s / n:.2f} s a submission "
        f"wall, {parallel_s * args.workers / n:.2f} s of a worker each{label})"
    )
    spread = "" if len(rounds) == 1 else f"  (rounds: {', '.join(f'{x:.2f}x' for x in ratios)})"
    print(f"speed-up                       : {statistics.median(ratios):7.2f}x{spread}")
    print(f"floor (kernel + import TF)     : {floor:7.2f} s  (one kernel alone)")
    phases = [r["phases"] for r in rounds if r["phases"]]
    if phases:
        setup, grading, stop = (statistics.median(p[i] for p in phases) for i in range(3))
        print(
            f"  = start-up {setup:.1f} s (imports, config, gradebook check) + grading {grading:.1f} s "
            f"+ stop {stop:.1f} s"
        )
    if bare_s is not None:
        bare_report(bare_s, len(graded), parallel_s, phases, args, n)
    phase_report(rounds, workers=args.workers, n=n)


def bare_report(bare_s, count, parallel_s, phases, args, n):
    """The overhead against bare nbclient executing the notebooks nbgrader executed."""
    per_worker, per_bare = parallel_s * args.workers / n, bare_s * args.workers / n
    print(
        f"bare nbclient, {args.workers} at a time    : {bare_s:7.1f} s  (the {count} notebooks nbgrader "
        f"executed, hidden tests included, on warm processes: {per_bare:.2f} s of a worker each)"
    )
    print(
        f"overhead, whole run            : {100 * (per_worker / per_bare - 1):+6.1f} % "
        f"(worker time {per_worker:.2f} s vs {per_bare:.2f} s a submission)"
    )
    if phases:
        grading = statistics.median(p[1] for p in phases)
        per_sub = grading * args.workers / n
        print(
            f"overhead per submission        : {100 * (per_sub / per_bare - 1):+6.1f} % "
            f"(grading phase: {per_sub:.2f} s of a worker each vs {per_bare:.2f} s)"
        )


#: the phases that are the submission's own work: its code and the checks of it
WORK = ("student_code", "checks", "checks_in_kernel")


def phase_report(rounds, *, workers, n):
    """Seconds per submission and phase (grader.timings), medians over the submissions of the
    last round's two runs (the first line of each worker includes the instructor's cells), then
    the grader's own overhead (:func:`overhead`), the median of the rounds."""
    for column in ("serial", "parallel"):
        path = rounds[-1][column] / TIMINGS
        if not path.exists():
            continue
        records = _records(rounds[-1][column])
        cells = "  ".join(f"{p} {statistics.median(r[p] for r in records):.2f}" for p in PHASES)
        most = max(r["grader_setup"] for r in records)
        print(
            f"phases, {column:8s} (median s of {len(records)}): {cells}; setup at most {most:.2f}"
        )
    measured = (
        overhead(r, workers=workers, n=n) for r in rounds if (r["parallel"] / TIMINGS).exists()
    )
    found = [f for f in measured if f is not None]
    if not found:
        return
    mid = {
        key: statistics.median(f[key] for f in found if f[key] is not None)
        if any(f[key] is not None for f in found)
        else None
        for key in found[0]
    }
    each = ", ".join(f"{100 * f['total']:+.1f} %" for f in found)
    print(
        f"grader's own overhead          : {100 * mid['total']:+6.1f} % of the student's code and "
        f"checks (rounds: {each}; {mid['worker_s']:.2f} s of a worker vs {mid['work']:.2f} s of "
        f"work a submission)"
    )
    split = (
        f"; nbgrader's autograder around the kernel run: {mid['autograder']:.2f} s; the grader's "
        f"own steps around the autograder: {mid['grader_steps']:.2f} s"
        if mid["autograder"] is not None
        else ""
    )
    print(
        f"  per submission               : {100 * mid['job']:+6.1f} % (a job's own steps beyond "
        f"its work; kernel start and stop: {mid['kernel']:.2f} s{split})"
    )
    print(
        f"  the rest of the run          : {100 * mid['rest']:+6.1f} % (start-up, each worker's "
        f"instructor cells, waits, the last student alone)"
    )


def _lines(course):
    return [json.loads(line) for line in (course / TIMINGS).read_text().splitlines()]


def _records(course):
    """The phases' lines of a run's timings log (one per notebook, ``grader.timings.Phases``)."""
    return [r for r in _lines(course) if "kernel_start" in r]


def _jobs(course):
    """``{student: (job s, autograde converter s)}`` from the job lines ``grader grade`` adds."""
    return {_student(r): (r["job"], r["autograde"]) for r in _lines(course) if "job" in r}


def _student(record):
    return Path(record["notebook"]).parts[-2]


def _work(record):
    return sum(record[p] for p in WORK)


#: a progress line of ``grader grade``: the student and the seconds its job took
PROGRESS = re.compile(r"^\[\s*\d+/\d+\] (\S+): .*?\((\d+\.\d) s;", re.MULTILINE)


def overhead(round_, *, workers, n):
    """One round's overhead of ``grader grade``, as fractions of the submissions' own work
    (:data:`WORK`, the mean over the round's timings log), or None without progress lines:

    - ``total``: a worker's seconds per submission (the round's wall time × workers ÷ n,
      ``worker_s``) beyond the work;
    - ``job``: what a worker spends on each submission beyond its work: the job's seconds from
      its progress line, less the instructor's cells and the work (kernel start and stop,
      nbgrader's autograder and gradebook, the grader's own reading of the file);
    - ``rest``: ``total`` less ``job``.

    Also ``worker_s``, ``work`` and ``kernel`` (mean kernel start + stop), in seconds; and, from
    the job lines (None without them), the rest of a job's own steps in seconds:
    ``autograder`` (nbgrader's autograde converter less the kernel run within it) and
    ``grader_steps`` (the job less the converter: reading, repair, tamper scan, scores).
    """
    records = _records(round_["parallel"])
    seconds = dict(PROGRESS.findall(round_["parallel_proc"].stdout))
    mine = [(r, seconds[_student(r)]) for r in records if _student(r) in seconds]
    if not mine:
        return None
    work = statistics.mean(_work(r) for r in records)
    worker_s = round_["parallel_s"] * workers / n
    job = statistics.mean(float(s) - r["grader_setup"] - _work(r) for r, s in mine)
    jobs = _jobs(round_["parallel"])
    timed = [(r, *jobs[_student(r)]) for r in records if _student(r) in jobs]
    return {
        "total": worker_s / work - 1,
        "job": job / work,
        "rest": (worker_s / work - 1) - job / work,
        "worker_s": worker_s,
        "work": work,
        "kernel": statistics.mean(r["kernel_start"] + r["kernel_stop"] for r in records),
        "autograder": statistics.mean(a - sum(r[p] for p in PHASES) for r, _, a in timed)
        if timed
        else None,
        "grader_steps": statistics.mean(j - a for _, j, a in timed) if timed else None,
    }


if __name__ == "__main__":
    sys.exit(main())
