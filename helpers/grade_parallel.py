"""Grade a whole class in parallel: ``make grade ASSIGNMENT=<id> WORKERS=N [SCHEDULER=...] [DB_URL=...]``.

Usage, from the course root (the folder holding ``nbgrader_config.py``)::

    python -m helpers.grade_parallel ASSIGNMENT [--workers N] [--scheduler tcp://host:port]
                                     [--db-url URL] [grade_cli's options: --student GLOB ...
                                     --timeout S --memory-mb N --csv PATH --no-feedback --course DIR]

The same grading as ``python -m helpers.grade_cli`` (issue 6: the same checks and repairs, the
same statuses, reasons, table, CSV, feedback and exit code), on several processes at once:

- **one machine** (the default): ``--workers N`` long-lived worker processes (default: the
  number of cores), each grading one student at a time *in-process* with
  :func:`helpers.grade_cli.grade_one` (nbgrader's ``Autograde`` converter, no new ``nbgrader``
  process per student; ``Autograde`` does ``os.chdir``, hence one grading thread per process).
  Standard library only (``multiprocessing``). The workers start first, importing nbgrader while
  this process checks the course; each stops as soon as no student is left for it. Their kernels
  share the cores out (:func:`kernel_thread_env`: with 2 workers on 2 cores, TensorFlow runs one
  thread per kernel instead of two kernels each running two threads on the same cores).
- **a Dask cluster** (``--scheduler tcp://host:port``): the same tasks through
  ``dask.distributed.Client.submit`` / ``as_completed``. The workers need the course's virtual
  environment (the ``helpers`` package, TensorFlow, nbgrader), not the course folder: each task
  carries the course's config, solution and release notebooks and the student's submission, and
  brings the autograded notebook and the feedback back as bytes; no shared filesystem.

Every worker grades on a private SQLite copy of the gradebook in a private scratch folder; the
results come back to this process, where ONE :class:`helpers.grade_cli.GradebookWriter` merges
them into the course gradebook, ``autograded/`` and ``feedback/``. The gradebook is SQLite by
default (``nbgrader_config.py``); ``--db-url postgresql+psycopg2://user@host:port/db`` grades
into PostgreSQL instead (the workers still grade on SQLite copies of it).

A worker process that dies (killed, out of memory, or killed by student code) loses no result:
the student it was grading is graded again on a fresh worker; if the worker dies again, the
student is reported ``ungradable`` with the reason. Progress: a line per student with done /
total, elapsed time, rate and the time left.
"""

import collections
import contextlib
import dataclasses
import io
import logging
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from helpers import grade_cli as gcli
from helpers.grade_cli import (UNGRADABLE, GradebookWriter, GradeJob, GradeResult,
                               GradingSetupError)

__all__ = ["copy_gradebook", "default_workers", "grade_parallel", "kernel_thread_env", "main"]

#: how many times one student is tried when its worker process dies (1 retry)
MAX_ATTEMPTS = 2
#: thread settings that Dask's nanny forces to 1 in its workers (kernels would inherit them)
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
#: what each local worker's kernels get when several workers share the cores (unless already set)
KERNEL_THREAD_VARS = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS")


def default_workers():
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------------------------
# The gradebook: any SQLAlchemy URL; workers grade on SQLite copies
# --------------------------------------------------------------------------------------------
def _is_sqlite(db_url):
    return db_url.startswith("sqlite:///")


def copy_gradebook(source_url, target_url, course_id):
    """Copy every row of nbgrader's gradebook tables from one database to another.

    The target gets nbgrader's schema if it has none and is emptied first. Used to give workers
    an SQLite copy of a PostgreSQL gradebook, and to move a gradebook from SQLite to PostgreSQL:
    ``python -c "from helpers.grade_parallel import copy_gradebook as c; c('sqlite:///gradebook.db',
    'postgresql+psycopg2://grader@dbhost/gradebook', 'shapes-and-batches')"``.
    """
    from nbgrader.api import Base
    from sqlalchemy import create_engine, insert, inspect, select, text

    source, target = create_engine(source_url), create_engine(target_url)
    try:
        # nbgrader's Gradebook() would run the `alembic` command to stamp a new database; the
        # schema and the stamp are copied here instead (no tool on PATH needed).
        Base.metadata.create_all(bind=target)
        with source.connect() as src, target.begin() as dst:
            for table in reversed(Base.metadata.sorted_tables):
                dst.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(row._mapping) for row in src.execute(select(table))]
                if rows:
                    dst.execute(insert(table), rows)
            if inspect(src).has_table("alembic_version"):
                versions = [row[0] for row in src.execute(text("SELECT version_num FROM alembic_version"))]
                if not inspect(dst).has_table("alembic_version"):
                    dst.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
                dst.execute(text("DELETE FROM alembic_version"))
                for version in versions:
                    dst.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": version})
    finally:
        source.dispose()
        target.dispose()


def _snapshot_template(db_url, course_id, target):
    """One SQLite copy of the gradebook at the start; each job gets a copy of it."""
    if _is_sqlite(db_url):
        return gcli.snapshot_gradebook(db_url, target)
    copy_gradebook(db_url, f"sqlite:///{target}", course_id)
    return str(target)


# --------------------------------------------------------------------------------------------
# Local workers (multiprocessing, spawn)
# --------------------------------------------------------------------------------------------
def _safe_grade_one(job):
    try:
        return gcli.grade_one(job)
    except Exception as exc:  # a bug or an environment problem: report it, go on (as grade_cli)
        return GradeResult(student=job.student, status=UNGRADABLE,
                           reason=f"grader error: {type(exc).__name__}: {exc}"[:300])


def kernel_thread_env(workers, cores=None, environ=None):
    """The thread settings each worker's kernels get: the cores shared out between the workers.

    TensorFlow sizes its thread pools to every core of the machine, so ``W`` kernels on ``W``
    cores each run ``W``-wide pools that fight for the same cores (on the 2-core machine, about
    10 % of the grading time). With several workers each kernel gets ``cores // workers``
    threads (at least 1) for TensorFlow's intra-op and inter-op pools and OpenMP. A variable the
    caller already set is kept; one worker, or more cores than it needs, changes nothing.

    Returns:
        dict: ``{variable: value}`` to add to a worker's environment (may be empty).
    """
    cores = cores or default_workers()
    environ = os.environ if environ is None else environ
    threads = max(1, cores // workers)
    if threads >= cores:  # one worker, or one core
        return {}
    return {var: str(threads) for var in KERNEL_THREAD_VARS if var not in environ}


def _worker_main(conn):
    """A long-lived worker: receive ``(GradeJob, env)``, grade it, send the GradeResult; None
    stops it. ``env`` is added to the worker's environment, which its kernels inherit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    import nbclient  # noqa: F401  - warm the imports before the first job
    import nbgrader.converters  # noqa: F401

    while True:
        try:
            message = conn.recv()
        except EOFError:
            message = None
        if message is None:
            # Every result has been sent and the worker owns no files: skip the interpreter's
            # teardown of nbgrader's modules (about 0.5 s that the whole class would wait for).
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
        job, env = message
        os.environ.update(env)
        conn.send(_safe_grade_one(job))


def _start_workers(workers):
    """``workers`` fresh worker processes (they import nbgrader and nbclient while they wait)."""
    ctx = multiprocessing.get_context("spawn")
    return [_Worker(ctx) for _ in range(workers)]


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.task = None  # (student, attempt, deaths so far, started)

    def ask_to_stop(self):
        """Tell the worker to exit after its current job (returns at once)."""
        with contextlib.suppress(Exception):
            self.conn.send(None)

    def stop(self):
        self.ask_to_stop()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def _stop_all(workers):
    """Stop workers together: all are told first, then each is waited for (killed after 5 s)."""
    for worker in workers:
        worker.ask_to_stop()
    for worker in workers:
        worker.stop()


def _kill_all(workers):
    """Kill workers that hold no job (a setup error, more workers than students)."""
    for worker in workers:
        worker.proc.kill()
        worker.proc.join()


def _death_reason(exitcode):
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _run_local(students, make_job, workers, on_result, on_event=None, pool=None):
    """Grade ``students`` on ``workers`` processes; calls ``on_result(result)`` for each.

    ``pool``: workers already started (:func:`_start_workers`), so that they import nbgrader
    while this process prepares the class; more are started when one dies.

    ``make_job(student)`` returns a GradeJob with a fresh scratch folder and gradebook copy
    (called again when a student is retried after its worker died).
    """
    ctx = multiprocessing.get_context("spawn")
    env = kernel_thread_env(workers)
    pending = collections.deque((student, 1, []) for student in students)  # student, attempt, deaths
    pool = list(pool or [])
    retired = []  # told to stop (no work left for them, or dead), waited for at the end
    try:
        while pending or any(w.task for w in pool):
            retired += [w for w in pool if not (w.proc.is_alive() or w.task)]
            pool = [w for w in pool if w.proc.is_alive() or w.task]
            while len(pool) < workers and sum(1 for w in pool if not w.task) < len(pending):
                pool.append(_Worker(ctx))
            for worker in pool:
                if pending and not worker.task:
                    student, attempt, deaths = pending.popleft()
                    worker.task = (student, attempt, deaths, time.monotonic())
                    try:
                        worker.conn.send((make_job(student), env))
                    except OSError:
                        pass  # the worker is dead: its sentinel says so below
                    if on_event:
                        on_event("start", student=student, pid=worker.proc.pid, attempt=attempt)
            for worker in [w for w in pool if not w.task]:  # no work left for it: let it exit now
                worker.ask_to_stop()
                pool.remove(worker)
                retired.append(worker)
            busy = [w for w in pool if w.task]
            waitables = {}
            for w in busy:
                waitables[w.conn] = w
                waitables[w.proc.sentinel] = w
            ready = multiprocessing.connection.wait(list(waitables))
            handled = set()
            for item in ready:
                worker = waitables[item]
                if id(worker) in handled:
                    continue
                handled.add(id(worker))
                student, attempt, deaths, started = worker.task
                result = None
                if worker.conn.poll():
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        result = None
                if result is not None:
                    worker.task = None
                    on_result(result)
                    continue
                # The worker died while grading `student` (the result never came).
                worker.proc.join(5)
                why = _death_reason(worker.proc.exitcode)
                worker.task = None
                worker.conn.close()
                pool.remove(worker)
                deaths = [*deaths, why]
                if on_event:
                    on_event("died", student=student, pid=worker.proc.pid, attempt=attempt, why=why)
                if attempt < MAX_ATTEMPTS:
                    pending.appendleft((student, attempt + 1, deaths))
                else:
                    on_result(GradeResult(
                        student=student, status=UNGRADABLE,
                        reason=(f"the grading worker process died while grading it, "
                                f"{len(deaths)} times ({', '.join(deaths)}): the notebook kills its "
                                f"grader or needs more memory than the machine has"),
                        seconds=time.monotonic() - started))
    finally:
        _stop_all(pool + retired)


# --------------------------------------------------------------------------------------------
# Dask workers: tasks carry their files; results bring theirs back
# --------------------------------------------------------------------------------------------
_GRADING_LOCK = threading.Lock()  # one grading thread per worker process (Autograde chdirs)


def _pack(folder, arcname):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(str(folder), arcname=arcname)
    return buffer.getvalue()


def _unpack(data, target):
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        tar.extractall(str(target), filter="data")


def _course_bundle(course, cd):
    """nbgrader_config.py, solutions/ and the release folder, as a tar.gz (what a worker needs)."""
    buffer = io.BytesIO()
    skip = ("__pycache__", ".ipynb_checkpoints")
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(str(Path(course) / "nbgrader_config.py"), arcname="nbgrader_config.py")
        for name in (cd.source_directory, cd.release_directory):
            folder = Path(course) / name
            if folder.is_dir():
                tar.add(str(folder), arcname=name,
                        filter=lambda info: None if any(s in info.name for s in skip) else info)
    return buffer.getvalue()


_COURSE_CACHE = {}


def _dask_task(payload, course_bundle, template):
    """Runs on a Dask worker: unpack course + submission, grade_one, pack the outputs."""
    import hashlib

    key = hashlib.sha256(course_bundle).hexdigest()[:16]
    with _GRADING_LOCK:
        base = _COURSE_CACHE.get(key)
        if base is None or not Path(base).exists():
            base = tempfile.mkdtemp(prefix=f"grade-course-{key}-")
            _unpack(course_bundle, base)
            _COURSE_CACHE[key] = base
        saved_env = {var: os.environ.get(var) for var in THREAD_VARS}
        saved_cwd = os.getcwd()
        try:
            for var, value in payload["thread_env"].items():  # the client's settings, not Dask's 1
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value
            with tempfile.TemporaryDirectory(prefix="grade-task-") as tmp:
                tmp = Path(tmp)
                course = tmp / "course"  # a course folder of links, plus the submission
                course.mkdir()
                for item in Path(base).iterdir():
                    if item.name == "nbgrader_config.py":
                        shutil.copy2(item, course / item.name)  # it sets the root to its folder
                    else:
                        (course / item.name).symlink_to(item)
                submitted = course / payload["submitted_rel"]
                submitted.parent.mkdir(parents=True)
                _unpack(payload["submission"], submitted.parent)
                (tmp / "gradebook.db").write_bytes(template)
                (tmp / "work").mkdir()
                job = dataclasses.replace(payload["job"], course=str(course),
                                          db_snapshot=str(tmp / "gradebook.db"), scratch=str(tmp / "work"))
                result = _safe_grade_one(job)
                files = {}
                for attr in ("autograded_dir", "feedback_dir"):
                    folder = getattr(result, attr)
                    if folder and Path(folder).is_dir():
                        files[attr] = _pack(folder, ".")
                    setattr(result, attr, None)
                return result, files
        finally:
            os.chdir(saved_cwd)
            for var, value in saved_env.items():
                if value is None:
                    os.environ.pop(var, None)
                else:
                    os.environ[var] = value


def _run_dask(scheduler, jobs, course, cd, template_path, scratch_root, on_result, on_event=None):
    from distributed import Client, as_completed

    # by reference, also when this file runs as __main__ (cloudpickle would pickle it by value)
    from helpers.grade_parallel import _dask_task as task

    try:
        client = Client(scheduler, timeout="20s")
    except Exception as exc:
        raise GradingSetupError(f"cannot reach the Dask scheduler {scheduler}: {type(exc).__name__}: {exc}"[:400]) from None
    with client:
        bundle = client.scatter(_course_bundle(course, cd), broadcast=True)
        template = client.scatter(Path(template_path).read_bytes(), broadcast=True)
        thread_env = {var: os.environ.get(var) for var in THREAD_VARS}
        futures = {}
        for student, job in jobs.items():
            submitted = Path(cd.format_path(cd.submitted_directory, student, job.assignment))
            rel = submitted.relative_to(Path(course))
            payload = {"job": job, "submitted_rel": str(rel), "thread_env": thread_env,
                       "submission": _pack(submitted, submitted.name)}
            future = client.submit(task, payload, bundle, template, pure=False,
                                   key=f"grade-{student}-{os.getpid()}-{time.time_ns()}")
            futures[future] = student
            if on_event:
                on_event("submitted", student=student)
        for future in as_completed(futures):
            student = futures[future]
            try:
                result, files = future.result()
            except Exception as exc:  # KilledWorker after Dask's retries, or a lost connection
                name = type(exc).__name__
                why = ("the grading worker died while grading it, each time Dask retried it"
                       if name == "KilledWorker" else f"the Dask task failed: {name}: {exc}")
                result, files = GradeResult(student=student, status=UNGRADABLE, reason=why[:300]), {}
            for attr, data in files.items():
                target = Path(scratch_root) / "dask" / student / attr
                target.mkdir(parents=True)
                _unpack(data, target)
                setattr(result, attr, str(target))
            on_result(result)


# --------------------------------------------------------------------------------------------
# The whole assignment
# --------------------------------------------------------------------------------------------
def grade_parallel(course, assignment, students=None, timeout=None, memory_mb=None, feedback=True,
                   csv_path=None, out=None, workers=None, scheduler=None, db_url=None, on_event=None):
    """Grade every submission of ``assignment`` on parallel workers (see the module docstring).

    Returns:
        tuple: ``(results, csv_path)`` as :func:`helpers.grade_cli.grade_assignment`.

    Raises:
        GradingSetupError: when grading cannot start.
    """
    from traitlets.config import Config

    out = out or sys.stdout
    course = Path(course).resolve()
    requested = max(1, int(workers or default_workers()))
    # Local workers start first: they import nbgrader and nbclient (seconds) while this process
    # does the same and checks the course; the extra ones stop if the class is smaller.
    pool = [] if scheduler or not (course / "nbgrader_config.py").exists() else _start_workers(requested)
    try:
        config = gcli.load_config(course)
        if db_url:
            over = Config()
            over.CourseDirectory.db_url = db_url
            config.merge(over)
        cd = gcli.check_gradebook(config, assignment)
        writer = GradebookWriter(config, assignment)
        names = gcli.find_students(cd, assignment, students)
        if not names:
            raise GradingSetupError(
                f"no submissions: expected folders {cd.format_path(cd.submitted_directory, '<student>', assignment)}")
        workers = min(requested, len(names))
        _kill_all(pool[workers:])  # not needed for a class this small (they hold nothing yet)
        del pool[workers:]
        return _grade_class(course, assignment, names, cd, writer, pool, workers, scheduler, timeout,
                            memory_mb, feedback, csv_path, out, on_event)
    except BaseException:  # a setup error or Ctrl-C: no need to wait for the workers
        _kill_all(pool)
        raise


def _grade_class(course, assignment, names, cd, writer, pool, workers, scheduler, timeout, memory_mb,
                 feedback, csv_path, out, on_event):
    csv_path = Path(csv_path) if csv_path else course / "grades" / f"{assignment}.csv"
    where = f"Dask scheduler {scheduler}" if scheduler else f"{workers} worker processes"
    print(f"Grading {assignment}: {len(names)} submissions on {where}; gradebook {gcli.safe_url(cd.db_url)}",
          file=out, flush=True)
    started = time.monotonic()
    results = {}
    width = len(str(len(names)))

    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment[:20]}-") as tmp:
        template = _snapshot_template(cd.db_url, cd.course_id, Path(tmp) / "template.db")

        def make_job(student, local=True):
            """A job with a fresh scratch folder and a fresh copy of the gradebook."""
            scratch = Path(tmp) / f"{names.index(student) + 1:05d}"
            shutil.rmtree(scratch, ignore_errors=True)
            (scratch / "work").mkdir(parents=True)
            snapshot = scratch / "gradebook.db"
            if local:
                shutil.copyfile(template, snapshot)
            return GradeJob(course=str(course), assignment=assignment, student=student,
                            db_snapshot=str(snapshot), scratch=str(scratch / "work"),
                            timeout=timeout, memory_mb=memory_mb, feedback=feedback)

        def on_result(result):
            writer.write(result)
            results[result.student] = result
            index = names.index(result.student) + 1
            shutil.rmtree(Path(tmp) / f"{index:05d}", ignore_errors=True)
            elapsed = time.monotonic() - started
            done = len(results)
            rate = done / elapsed if elapsed > 0 else 0.0
            left = (len(names) - done) / rate if rate > 0 else 0.0
            score = (f"{gcli._fmt_score(result.score)}/{gcli._fmt_score(result.max_score)}"
                     if result.score is not None else "-")
            print(f"[{done:>{width}}/{len(names)}] {result.student}: {result.status} {score} "
                  f"({result.seconds:.1f} s; elapsed {gcli._elapsed(elapsed)}; "
                  f"{rate * 60:.1f}/min; ~{gcli._elapsed(left)} left)", file=out, flush=True)

        if scheduler:
            jobs = {student: make_job(student, local=False) for student in names}
            _run_dask(scheduler, jobs, course, cd, template, tmp, on_result, on_event)
        else:
            _run_local(names, make_job, workers, on_result, on_event, pool=pool)

    missing = [s for s in names if s not in results]
    for student in missing:  # never silently dropped (should not happen)
        result = GradeResult(student=student, status=UNGRADABLE, reason="no result came back from the workers")
        writer.write(result)
        results[student] = result
    ordered = [results[s] for s in names]
    return gcli.finish_report(ordered, csv_path, started, cd, assignment, out, show_rate=True)


def main(argv=None):
    parser = gcli.cli_parser("python -m helpers.grade_parallel",
                             "Autograde every submission of one assignment on parallel workers "
                             "(or a Dask cluster); report, CSV, feedback.")
    parser.add_argument("--workers", type=int, metavar="N",
                        help=f"worker processes on this machine (default: the number of cores, {default_workers()})")
    parser.add_argument("--scheduler", metavar="URL", default=None,
                        help="grade on a Dask cluster: its scheduler address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--db-url", metavar="URL", default=None,
                        help="gradebook URL (default: nbgrader_config.py's, SQLite), e.g. "
                             "postgresql+psycopg2://grader@dbhost:5432/gradebook")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be >= 1")
    return gcli.run_cli(grade_parallel, args, workers=args.workers,
                        scheduler=args.scheduler or None, db_url=args.db_url or None)


if __name__ == "__main__":
    sys.exit(main())
