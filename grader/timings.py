"""Where one notebook's grading time goes, phase by phase.

:class:`GuardedExecute` keeps a :class:`Phases` per notebook and, when
``GuardedExecute.timings_log`` names a file, appends one JSON line to it: the notebook, then the
seconds of each phase:

- ``grader_setup``: the grader's check program (the instructor's cells, run once per process:
  nonzero for a worker's first notebook) and this submission's plan and session;
- ``kernel_start``: the sandbox and the kernel up, ready for the first cell;
- ``student_code``: the cells run in the student's kernel (setup, the student's cells, the
  instructor cells they read);
- ``checks``: the check cells in the grader, without their calls into the kernel;
- ``checks_in_kernel``: those calls (the student's functions run on the checks' inputs);
- ``kernel_stop``: from the last cell until the kernel and its sandbox are gone.

``grader grade`` (:mod:`grader.student`) appends a second line per submission,
:func:`write_job`: the whole job's seconds and those of nbgrader's autograde converter in it
(the lines above are inside it), so that what the grader spends around the converter and
what nbgrader spends around the kernel run can be told apart.

``benchmarks.grade_class`` reads the lines.
"""

import contextlib
import json
import os
import time

__all__ = ["PHASES", "Phases", "write_job"]

PHASES = (
    "grader_setup",
    "kernel_start",
    "student_code",
    "checks",
    "checks_in_kernel",
    "kernel_stop",
)


class Phases:
    """Seconds spent per phase; :meth:`lap` gives the time since the last lap to a phase."""

    def __init__(self):
        self.seconds = dict.fromkeys(PHASES, 0.0)
        self._mark = time.perf_counter()

    def lap(self, phase: str) -> None:
        """Give the time since the last lap (or the start) to ``phase``."""
        now = time.perf_counter()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self._mark
        self._mark = now

    @contextlib.contextmanager
    def moved(self, *, source: str, target: str):
        """Time spent in the block counts for ``target`` instead of ``source`` (a check's call
        into the kernel, inside the check's own lap)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            self.seconds[source] = self.seconds.get(source, 0.0) - spent
            self.seconds[target] = self.seconds.get(target, 0.0) + spent

    def write(self, *, path: str, notebook: str) -> None:
        """Append ``{"notebook": notebook, <phase>: seconds, ...}`` as one line to ``path``."""
        _append(path, {"notebook": notebook, **self.seconds})


def write_job(*, path: str, notebook: str, job: float, autograde: float) -> None:
    """Append ``{"notebook": notebook, "job": seconds, "autograde": seconds}`` to ``path``.

    Args:
        path: the timings log.
        notebook: the folder of the autograded notebook (as the phases' line names it).
        job: the whole grading job's seconds.
        autograde: the seconds of nbgrader's autograde converter within it.
    """
    _append(path, {"notebook": notebook, "job": job, "autograde": autograde})


def _append(path, record):
    """One line, one write with O_APPEND: lines of parallel workers do not interleave."""
    rounded = {k: round(v, 4) if isinstance(v, float) else v for k, v in record.items()}
    line = (json.dumps(rounded) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
