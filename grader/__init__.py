"""The instructor's grading tools (students never need this package).

Command line: ``python -m grader collect | grade | export | bundle | copy-gradebook``.

Modules, one concept each:

- :mod:`grader.records`      -- what one grading job takes and gives back; statuses; setup errors.
- :mod:`grader.course`       -- the course's nbgrader config and its gradebook.
- :mod:`grader.reading`      -- reading a submitted file into a notebook, or saying why not.
- :mod:`grader.repair`       -- check and repair a submission before nbgrader sees it.
- :mod:`grader.kernel`       -- the guarded grading kernel (nbgrader's Execute, guarded);
  :mod:`grader.kernel_manager` starts and ends it.
- :mod:`grader.kernel_guard` -- starts a grading kernel with a memory cap.
- :mod:`grader.feedback`     -- feedback that says which check failed and why, never how.
- :mod:`grader.converters`   -- nbgrader's converters run in-process for one job.
- :mod:`grader.student`      -- grade ONE student in a private scratch folder.
- :mod:`grader.sandbox`      -- the bubblewrap sandbox around every grading kernel
  (:mod:`grader.kernel_sandbox` wires it into the kernel manager, :mod:`grader.sandbox_mounts`
  lists what it mounts, :mod:`grader.cgroups` gives it one resource budget).
- :mod:`grader.split`        -- check cells run in the grader, the student's code alone in the kernel
  (:mod:`grader.trusted`, :mod:`grader.proxy`, :mod:`grader.codec`, :mod:`grader.agent`,
  :mod:`grader.names`).
- :mod:`grader.tamper`       -- the static scan of the student's cells for tools of tampering.
- :mod:`grader.late`         -- due dates and the late policy.
- :mod:`grader.roster`, :mod:`grader.collect`, :mod:`grader.export` -- from the LMS and back.
- :mod:`grader.writer`       -- the single writer of gradebook, ``autograded/`` and ``feedback/``.
- :mod:`grader.report`       -- progress lines, the table, the CSV.
- :mod:`grader.executors`    -- where jobs run: serial, local worker processes, a Dask cluster.
- :mod:`grader.assignment`   -- grade every submission of one assignment.
- :mod:`grader.bundle`       -- the zip a student needs; :mod:`grader.release` -- ``make release``'s step.
- :mod:`grader.cli`          -- the thin command line.
"""

import sys

# nbformat imports jsonschema, which imports rfc3987_syntax when it is installed (JupyterLab's
# jupyter_events wants it); that compiles 38 Lark grammars, about 1 s of CPU in the main process
# and in every grading worker. Grading never checks the "iri" string formats it serves, and
# jsonschema treats a blocked import as a missing optional package.
sys.modules.setdefault("rfc3987_syntax", None)

from grader.assignment import grade_assignment  # noqa: E402 - after the line above
from grader.records import (  # noqa: E402 - after the line above
    GRADED,
    MANUAL,
    UNGRADABLE,
    GradeJob,
    GradeResult,
    GradingSetupError,
)

__all__ = [
    "GRADED",
    "MANUAL",
    "UNGRADABLE",
    "GradeJob",
    "GradeResult",
    "GradingSetupError",
    "grade_assignment",
]
