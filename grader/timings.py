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

``benchmarks.grade_class`` reads the lines.
"""

import contextlib
import json
import os
import time

__all__ = ["PHASES", "Phases"]

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
        """Append ``{"notebook": notebook, <phase>: seconds, ...}`` as one line to ``path``
        (one write with O_APPEND: lines of parallel workers do not interleave)."""
        record = {"notebook": notebook, **{k: round(v, 4) for k, v in self.seconds.items()}}
        line = (json.dumps(record) + "\n").encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
