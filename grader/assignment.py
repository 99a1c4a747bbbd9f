"""Grade every submission of one assignment: what ``make grade ASSIGNMENT=<id>`` runs.

Checks the course, makes one SQLite template of the gradebook, gives every student a job with
a fresh scratch folder and gradebook copy, runs the jobs on an executor (serial, local worker
processes, or a Dask cluster), writes every result through ONE
:class:`grader.writer.GradebookWriter`, and reports (progress lines, table, CSV). Whatever the
executor, the scores, statuses, reasons, feedback and CSV are the same.
"""

import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

from grader.course import check_gradebook, find_students, load_config, safe_url, snapshot_template
from grader.executors import make_executor
from grader.late import apply_due_date
from grader.records import UNGRADABLE, GradeJob, GradeResult, GradingSetupError
from grader.report import print_summary, progress_line, write_csv
from grader.writer import GradebookWriter

__all__ = ["ClassContext", "grade_assignment"]


@dataclasses.dataclass
class ClassContext:
    """What an executor may need besides the jobs."""

    course: Path
    cd: object  # nbgrader's CourseDirectory
    template: str  # the SQLite template of the gradebook
    scratch: str  # a private folder for this run
    on_event: object = None  # f(kind, **details) for tests and benchmarks, or None
    kernel_server_tmp_mb: int = 0  # >0: the kernels are forked (grader.prewarm); its /tmp, MiB


def grade_assignment(
    *,
    course,
    assignment: str,
    students: list = None,
    timeout: int = None,
    memory_mb: int = None,
    feedback: bool = True,
    csv_path=None,
    out=None,
    serial: bool = False,
    workers: int = None,
    scheduler: str = None,
    db_url: str = None,
    sandbox: bool = True,
    on_event=None,
) -> tuple:
    """Grade every submission of ``assignment`` in ``course``.

    Args:
        course: the course root (holds ``nbgrader_config.py``).
        assignment: the assignment id.
        students: shell-style patterns of the students to grade (default: all).
        timeout: per-cell timeout in seconds (default: ``Execute.timeout`` of the course).
        memory_mb: the kernel's memory cap in MiB, 0 for none (default: the course's).
        feedback: write each student's feedback page.
        csv_path: where the CSV goes (default: ``grades/<assignment>.csv``).
        out: where progress and the report are printed (default: stdout).
        serial: grade in this process, one at a time (the reference executor).
        workers: worker processes on this machine (default: the number of cores).
        scheduler: grade on the Dask cluster with this scheduler address.
        db_url: the gradebook's SQLAlchemy URL (default: the course's).
        sandbox: run every kernel in the bubblewrap sandbox (as ``nbgrader_config.py`` says);
            False grades without it and says so in the report, the CSV and every feedback page.
        on_event: ``f(kind, **details)`` called when a job starts or a worker dies.

    Returns:
        tuple: ``(results, csv_path)``; ``results`` lists a
        :class:`grader.records.GradeResult` per student, in student order.

    Raises:
        GradingSetupError: when grading cannot start (no config, no gradebook, unknown
            assignment, no submissions, no Dask scheduler, no sandbox); its ``exit_code`` is 2.
    """
    out = out or sys.stdout
    course = Path(course).resolve()
    # Local workers start first (grader.executors.local): they are ready while this process checks the course.
    executor = make_executor(serial=serial, workers=workers, scheduler=scheduler)
    try:
        cd, names = _check_class(course, assignment, students, db_url)
        sandbox = _check_sandbox(cd.config, sandbox, out)
    except BaseException:
        executor.kill()
        raise
    with executor:
        executor.fit(len(names))
        csv_path = Path(csv_path) if csv_path else course / "grades" / f"{assignment}.csv"
        print(
            f"Grading {assignment}: {len(names)} submissions on {executor.describe()}; "
            f"gradebook {safe_url(cd.db_url)}",
            file=out,
            flush=True,
        )
        started = time.monotonic()
        results = _run(
            executor,
            course,
            assignment,
            names,
            cd,
            out,
            started,
            on_event,
            dict(timeout=timeout, memory_mb=memory_mb, feedback=feedback, sandbox=sandbox),
        )
    write_csv(results, csv_path)
    print_summary(
        results,
        seconds=time.monotonic() - started,
        csv_path=csv_path,
        out=out,
        feedback=cd.format_path(cd.feedback_directory, "<student>", assignment),
    )
    return results, csv_path


def _check_class(course, assignment, students, db_url):
    """The course directory and the students to grade, or a GradingSetupError."""
    from traitlets.config import Config

    config = load_config(course)
    if db_url:
        over = Config()
        over.CourseDirectory.db_url = db_url
        config.merge(over)
    cd = check_gradebook(config, assignment)
    try:
        apply_due_date(
            config=config, db_url=cd.db_url, course_id=cd.course_id, assignment=assignment
        )
    except ValueError as exc:
        raise GradingSetupError(f"nbgrader_config.py, LatePolicy.due_dates: {exc}") from None
    names = find_students(cd, assignment, students)
    if not names:
        raise GradingSetupError(
            f"no submissions: expected folders {cd.format_path(cd.submitted_directory, '<student>', assignment)}"
        )
    return cd, names


def _check_sandbox(config, wanted, out):
    """Start one sandbox before the first student, or say that grading runs without it.

    Returns:
        bool: whether the kernels run sandboxed.

    Raises:
        GradingSetupError: the sandbox cannot start; the message names the fix.
    """
    from grader.kernel_sandbox import preflight
    from grader.sandbox import SandboxUnavailable

    enabled = bool(wanted) and bool(config.get("GuardedExecute", {}).get("sandbox", False))
    try:
        line = preflight(enabled=enabled)
    except SandboxUnavailable as exc:
        raise GradingSetupError(str(exc)) from None
    print(line if enabled else f"WARNING: {line}", file=out, flush=True)
    return enabled


def _kernel_server_tmp_mb(config, sandboxed):
    """The ``/tmp`` of the server the sandboxed kernels are forked from, MiB; 0 when the
    kernels are not forked (no sandbox, or ``GuardedExecute.prewarm = False``)."""
    from grader.converters import forks_kernels
    from grader.kernel import GuardedExecute

    if not sandboxed or not forks_kernels(config):
        return 0
    return int(
        config.get("GuardedExecute", {}).get(
            "sandbox_tmp_mb", GuardedExecute.sandbox_tmp_mb.default_value
        )
    )


def _run(executor, course, assignment, names, cd, out, started, on_event, options):
    """Run every job on ``executor``; write each result as it comes; results in student order."""
    writer = GradebookWriter(cd.config, assignment)
    results = {}
    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment[:20]}-") as tmp:
        template = snapshot_template(cd.db_url, Path(tmp) / "template.db")

        def make_job(student, local=True):
            scratch = Path(tmp) / f"{names.index(student) + 1:05d}"
            shutil.rmtree(scratch, ignore_errors=True)
            (scratch / "work").mkdir(parents=True)
            snapshot = scratch / "gradebook.db"
            if local:
                shutil.copyfile(template, snapshot)
            return GradeJob(
                course=str(course),
                assignment=assignment,
                student=student,
                db_snapshot=str(snapshot),
                scratch=str(scratch / "work"),
                **options,
            )

        def on_result(result):
            writer.write(result)
            results[result.student] = result
            shutil.rmtree(Path(tmp) / f"{names.index(result.student) + 1:05d}", ignore_errors=True)
            print(
                progress_line(
                    result, done=len(results), total=len(names), seconds=time.monotonic() - started
                ),
                file=out,
                flush=True,
            )

        context = ClassContext(
            course=course,
            cd=cd,
            template=template,
            scratch=tmp,
            on_event=on_event,
            kernel_server_tmp_mb=_kernel_server_tmp_mb(cd.config, options["sandbox"]),
        )
        executor.run(names, make_job, on_result, context=context)
    for student in names:  # never silently dropped (should not happen)
        if student not in results:
            results[student] = writer.write(
                GradeResult(
                    student=student,
                    status=UNGRADABLE,
                    reason="no result came back from the workers",
                )
            )
    return [results[s] for s in names]
