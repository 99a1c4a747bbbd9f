"""nbgrader configuration of the Shapes & Batches course.

nbgrader reads this file from the current directory: run every ``nbgrader`` command (and
``make lab``) from the folder that holds it. Layout:

    solutions/<assignment_id>/<assignment_id>.ipynb   instructor sources (edited by hand)
    notebooks/<assignment_id>/<assignment_id>.ipynb   released student notebooks (generated)
    submitted/<student_id>/<assignment_id>/...        collected submissions
    autograded/, feedback/, gradebook.db               grading output (not in git)
"""

import os
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearMarkScheme,
    ClearOutput,
    ClearSolutions,
    ComputeChecksums,
    GetGrades,
    IgnorePattern,
    IncludeHeaderFooter,
    InstantiateTests,
    LimitOutput,
    LockCells,
    SaveAutoGrades,
    SaveCells,
)

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "shapes-and-batches"
c.CourseDirectory.root = COURSE_ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")

# The exchange folder used by `nbgrader release_assignment` / `collect` on a shared server;
# override with NBGRADER_EXCHANGE (e.g. /srv/nbgrader/exchange on JupyterHub).
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", os.path.join(COURSE_ROOT, "exchange"))

# Released notebooks: the stub students see, no outputs, no run-time metadata.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearOutput.remove_metadata_fields = {"collapsed", "scrolled", "execution", "ExecuteTime"}
# nbval's `# NBVAL_CHECK_OUTPUT` markers are for `make test`, not for students.
c.GenerateAssignment.preprocessors = [
    IncludeHeaderFooter,
    "grader.release.StripNbvalMarkers",
    InstantiateTests,
    LockCells,
    ClearSolutions,
    ClearOutput,
    CheckCellMetadata,
    ComputeChecksums,
    SaveCells,
    ClearHiddenTests,
    ClearMarkScheme,
    ComputeChecksums,
    CheckCellMetadata,
]

# Executing submissions: lessons run in seconds; a slow grading machine gets ample room.
# capture_fd_output=False keeps TensorFlow's C++ start-up lines out of cell outputs.
c.Execute.timeout = 120
c.Execute.extra_arguments = ["--IPKernelApp.capture_fd_output=False"]

# Grading kernels run through grader.kernel.GuardedExecute (nbgrader's Execute, guarded). The
# kernel runs the student's cells and the instructor cells they read, nothing else: every check
# cell runs in the grading process itself, from solutions/, and calls the student's functions
# through proxies that carry plain data (grader.split). The hidden tests' inputs are drawn from
# the secret in .grading_secret (created on first grading; GuardedExecute.secret overrides it):
# keep it to regrade the same way, change it each term.
# Also:
# the kernel's memory is capped (an allocation beyond it raises MemoryError in the cell), a
# cell keeps at most max_output_chars of output (LimitOutput then keeps max_lines lines), and
# a kernel that dies or ignores the interrupt costs the checks after it, not the submission.
# `make grade` (python -m grader grade) uses the same settings; --timeout / --memory-mb override.
c.Autograde.autograde_preprocessors = [
    "grader.kernel.GuardedExecute",
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.GuardedExecute.memory_limit_mb = 8192
# Every grading kernel runs in a bubblewrap sandbox (grader/sandbox.py): read-only system, venv
# and helpers/, only the student's working copy writable, no network (not even loopback), its
# own PIDs, a minimal environment, an unprivileged uid when grading as root, limits on
# processes, file size and CPU time. `make grade` stops before the first student if it cannot
# start; `make grade GRADE_ARGS=--no-sandbox` grades without it and says so everywhere.
c.GuardedExecute.sandbox = True
# One budget per sandbox (a cgroup, v2 or v1, made before its kernel starts and removed after;
# without root or controllers the rlimits above stay, and the log says so): CPU weight below a
# grading worker's (1024), memory of the whole sandbox with its tmpfs folders (a lesson's kernel
# takes about 1 GB), processes and threads, and seconds per notebook after which every process
# of the sandbox is killed. The connection/run folder is a small tmpfs, not host disk.
c.GuardedExecute.sandbox_cpu_shares = 512
c.GuardedExecute.sandbox_ram_mb = 2048
c.GuardedExecute.sandbox_pids_max = 512
c.GuardedExecute.sandbox_wall_s = 900
# `make grade` forks each sandboxed kernel from a server that has imported TensorFlow once
# (grader/prewarm.py: same isolation, about 5 s less per kernel). Plain `nbgrader autograde`
# starts one bwrap per kernel, the reference the benchmarks compare with; set
# `c.GuardedExecute.prewarm = True` for it too, or `False` to turn it off in `make grade`.
# Plain `nbgrader autograde` checks the sandbox once before its first student, as `make grade`
# does: when it cannot start, it stops there and names the fix. (Formgrader grades one
# submission per click; each click then fails with the same message.)
if c.GuardedExecute.sandbox and sys.argv[1:2] == ["autograde"]:
    from grader.kernel_sandbox import preflight_or_exit

    preflight_or_exit()
c.GuardedExecute.max_output_chars = 1_000_000
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Deadlines and late work (grader/late.py): a due date per assignment, ISO 8601 with a time
# zone; penalty_method "none" (report only), "zero", or "per_day" (penalty_per_day of the
# points for every started day late). `make grade` puts the due date into the gradebook.
c.AssignLatePenalties.plugin_class = "grader.late.LatePolicy"
c.LatePolicy.due_dates = {}  # e.g. {"01_input_layer_vs_features": "2026-12-01T23:59:00+00:00"}
c.LatePolicy.penalty_method = "none"
c.LatePolicy.penalty_per_day = 0.1

# Feedback: no hidden-test source (not even printed by student code), and no traceback lines
# from test cells; a student's cell is shown as the student wrote it.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    CSSHTMLHeaderPreprocessor,
    "grader.feedback.HideHiddenTestText",
    "grader.feedback.ClearHiddenTestsInChecks",
    "grader.feedback.HideTestTracebacks",
]
# nbconvert's HTML page without its BeautifulSoup round trip (the same page; grader.feedback_page)
c.GenerateFeedback.exporter_class = "grader.feedback_page.FeedbackExporter"
