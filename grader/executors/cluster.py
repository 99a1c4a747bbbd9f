"""Grading on a Dask cluster: tasks carry their files, results bring theirs back.

The workers need the course's virtual environment (``grader``, ``helpers``, TensorFlow,
nbgrader), not the course folder: each task carries the course's config, solution and release
notebooks and the student's submission, and brings the autograded notebook and the feedback
back as bytes; no shared filesystem. Start workers with ``--nthreads 1`` (nbgrader changes the
working directory); a lock keeps one grading job per worker process anyway.
"""

import dataclasses
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from grader.executors import Executor, safe_grade_one
from grader.records import UNGRADABLE, GradeResult, GradingSetupError

__all__ = ["THREAD_VARS", "DaskExecutor"]

#: thread settings that Dask's nanny forces to 1 in its workers (kernels would inherit them)
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
_GRADING_LOCK = threading.Lock()
_COURSE_CACHE = {}
_SKIP = ("__pycache__", ".ipynb_checkpoints")


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
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(str(Path(course) / "nbgrader_config.py"), arcname="nbgrader_config.py")
        for name in (cd.source_directory, cd.release_directory):
            folder = Path(course) / name
            if folder.is_dir():
                tar.add(
                    str(folder),
                    arcname=name,
                    filter=lambda info: None if any(s in info.name for s in _SKIP) else info,
                )
    return buffer.getvalue()


def _cached_course(course_bundle):
    key = hashlib.sha256(course_bundle).hexdigest()[:16]
    base = _COURSE_CACHE.get(key)
    if base is None or not Path(base).exists():
        base = tempfile.mkdtemp(prefix=f"grade-course-{key}-")
        _unpack(course_bundle, base)
        _COURSE_CACHE[key] = base
    return base


@dataclasses.dataclass
class _Environ:
    """Set some environment variables for a while (None: unset), then put them back."""

    values: dict

    def __enter__(self):
        self.saved = {var: os.environ.get(var) for var in self.values}
        self._apply(self.values)

    def __exit__(self, *exc):
        self._apply(self.saved)

    @staticmethod
    def _apply(values):
        for var, value in values.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def dask_task(payload, course_bundle, template):
    """Runs on a Dask worker: unpack course + submission, grade, pack the outputs."""
    with (
        _GRADING_LOCK,
        _Environ(payload["thread_env"]),
        tempfile.TemporaryDirectory(prefix="grade-task-") as tmp,
    ):
        saved_cwd = os.getcwd()
        try:
            tmp = Path(tmp)
            course = tmp / "course"  # a course folder of links, plus the submission
            course.mkdir()
            for item in Path(_cached_course(course_bundle)).iterdir():
                if item.name == "nbgrader_config.py":
                    shutil.copy2(item, course / item.name)  # it sets the root to its folder
                else:
                    (course / item.name).symlink_to(item)
            submitted = course / payload["submitted_rel"]
            submitted.parent.mkdir(parents=True)
            _unpack(payload["submission"], submitted.parent)
            (tmp / "gradebook.db").write_bytes(template)
            (tmp / "work").mkdir()
            job = dataclasses.replace(
                payload["job"],
                course=str(course),
                db_snapshot=str(tmp / "gradebook.db"),
                scratch=str(tmp / "work"),
            )
            result = safe_grade_one(job)
            files = {}
            for attr in ("autograded_dir", "feedback_dir"):
                folder = getattr(result, attr)
                if folder and Path(folder).is_dir():
                    files[attr] = _pack(folder, ".")
                setattr(result, attr, None)
            return result, files
        finally:
            os.chdir(saved_cwd)


class DaskExecutor(Executor):
    """Submits one task per student to the Dask scheduler at ``scheduler``."""

    def __init__(self, scheduler):
        self.scheduler = scheduler

    def describe(self):
        return f"Dask scheduler {self.scheduler}"

    def run(self, students, make_job, on_result, *, context):
        from distributed import Client, as_completed

        try:
            client = Client(self.scheduler, timeout="20s")
        except Exception as exc:
            raise GradingSetupError(
                f"cannot reach the Dask scheduler {self.scheduler}: {type(exc).__name__}: {exc}"[
                    :400
                ]
            ) from None
        with client:
            bundle = client.scatter(_course_bundle(context.course, context.cd), broadcast=True)
            template = client.scatter(Path(context.template).read_bytes(), broadcast=True)
            thread_env = {var: os.environ.get(var) for var in THREAD_VARS}
            futures = {}
            for student in students:
                job = make_job(student, local=False)
                submitted = Path(
                    context.cd.format_path(context.cd.submitted_directory, student, job.assignment)
                )
                payload = {
                    "job": job,
                    "submitted_rel": str(submitted.relative_to(context.course)),
                    "thread_env": thread_env,
                    "submission": _pack(submitted, submitted.name),
                }
                future = client.submit(
                    dask_task,
                    payload,
                    bundle,
                    template,
                    pure=False,
                    key=f"grade-{student}-{os.getpid()}-{time.time_ns()}",
                )
                futures[future] = student
                if context.on_event:
                    context.on_event("submitted", student=student)
            for future in as_completed(futures):
                on_result(self._result(future, futures[future], context.scratch))

    @staticmethod
    def _result(future, student, scratch):
        try:
            result, files = future.result()
        except Exception as exc:  # KilledWorker after Dask's retries, or a lost connection
            name = type(exc).__name__
            why = (
                "the grading worker died while grading it, each time Dask retried it"
                if name == "KilledWorker"
                else f"the Dask task failed: {name}: {exc}"
            )
            return GradeResult(student=student, status=UNGRADABLE, reason=why[:300])
        for attr, data in files.items():
            target = Path(scratch) / "dask" / student / attr
            target.mkdir(parents=True)
            _unpack(data, target)
            setattr(result, attr, str(target))
        return result
