"""Where grading jobs run, behind one interface.

An executor takes the students of a class, a ``make_job(student, local=True)`` that returns a
:class:`grader.records.GradeJob` with a fresh scratch folder and gradebook copy, and an
``on_result(result)`` that it calls once per student in the process that writes:

- :class:`SerialExecutor` -- one after the other in this process; the reference the others are
  compared against;
- :class:`grader.executors.local.LocalExecutor` -- long-lived worker processes on this machine;
- :class:`grader.executors.cluster.DaskExecutor` -- a Dask cluster.
"""

from grader.records import UNGRADABLE, GradeResult
from grader.student import grade_one

__all__ = ["Executor", "SerialExecutor", "make_executor", "safe_grade_one"]


def safe_grade_one(job):
    """:func:`grader.student.grade_one`, with a grader error turned into an ungradable result."""
    try:
        return grade_one(job)
    except Exception as exc:  # a bug or an environment problem: report it, go on
        return GradeResult(
            student=job.student,
            status=UNGRADABLE,
            reason=f"grader error: {type(exc).__name__}: {exc}"[:300],
        )


class Executor:
    """The interface: ``describe``, ``fit``, ``run`` and ``close``."""

    def describe(self):
        """Where the jobs run, in words, for the first line of the report."""
        raise NotImplementedError

    def fit(self, count):
        """The class has ``count`` students: drop what is not needed."""

    def run(self, students, make_job, on_result, *, context):
        """Grade ``students``; call ``on_result`` for each, here, one at a time.

        ``context``: a :class:`grader.assignment.ClassContext` (course, gradebook template, ...).
        """
        raise NotImplementedError

    def close(self):
        """Release what the executor holds (worker processes); safe to call twice."""

    def kill(self):
        """Release it at once, without waiting (a setup error, Ctrl-C)."""
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class SerialExecutor(Executor):
    """Grades one student after the other in this process."""

    def describe(self):
        return "this process, one at a time"

    def run(self, students, make_job, on_result, *, context):
        for student in students:
            on_result(safe_grade_one(make_job(student)))


def make_executor(*, serial: bool = False, workers: int = None, scheduler: str = None) -> Executor:
    """The executor the options ask for (local worker processes start at once).

    Args:
        serial: grade in this process, one at a time.
        workers: worker processes on this machine (default: the number of cores).
        scheduler: a Dask scheduler address, e.g. ``tcp://10.0.0.5:8786``.

    Returns:
        Executor
    """
    if serial:
        return SerialExecutor()
    if scheduler:
        from grader.executors.cluster import DaskExecutor

        return DaskExecutor(scheduler)
    from grader.executors.local import LocalExecutor

    return LocalExecutor(workers)
