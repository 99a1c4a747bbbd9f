"""What one grading job takes and gives back, the three statuses, and the setup error.

Jobs and results are plain picklable records: a worker process or a Dask worker grades a
:class:`GradeJob` and sends a :class:`GradeResult` back to the one process that writes.
"""

import dataclasses

__all__ = [
    "GRADED",
    "MANUAL",
    "UNGRADABLE",
    "GradeJob",
    "GradeResult",
    "GradingSetupError",
    "Prepared",
    "SourceCell",
]

#: scored automatically
GRADED = "graded"
#: a score is in the gradebook, but some checks wait for a grade by hand
MANUAL = "needs manual grade"
#: no score: the file is not a notebook of the assignment, or nbgrader failed
UNGRADABLE = "ungradable"


class GradingSetupError(Exception):
    """Grading cannot start (no config, no gradebook, unknown assignment, ...).

    Attributes:
        exit_code: the command line's exit code for it (2).
    """

    exit_code = 2


@dataclasses.dataclass
class GradeJob:
    """Everything one worker needs to grade one student."""

    course: str  # course root: holds nbgrader_config.py
    assignment: str
    student: str
    db_snapshot: str  # path of a private SQLite copy of the gradebook, for this job only
    scratch: str  # an empty private folder
    timeout: int = None  # per-cell timeout in s (None: the course config)
    memory_mb: int = None  # kernel memory cap in MiB (None: the course config; 0: none)
    feedback: bool = True
    sandbox: bool = True  # False: graded with --no-sandbox (said in the reason and the feedback)


@dataclasses.dataclass
class GradeResult:
    """What one worker found; :class:`grader.writer.GradebookWriter` applies it."""

    student: str
    status: str
    reason: str = ""
    score: float = None
    max_score: float = None
    failed: list = dataclasses.field(default_factory=list)  # grade ids that lost points
    grades: dict = dataclasses.field(default_factory=dict)  # id -> (auto_score, needs_manual)
    comments: dict = dataclasses.field(default_factory=dict)  # id -> auto_comment
    timestamp: object = None  # the submission's timestamp (datetime) if it had one
    late_penalty: float = None
    late_days: int = None  # started days late (0: on time), None without a submission time
    autograded_dir: str = None  # scratch folder to move into autograded/
    feedback_dir: str = None  # scratch folder to move into feedback/
    seconds: float = 0.0
    autograde_seconds: float = 0.0  # of them, in nbgrader's autograde converter


@dataclasses.dataclass
class SourceCell:
    """A cell nbgrader tracks, as the gradebook stores it (the instructor's version)."""

    name: str
    cell_type: str
    locked: bool
    checksum: str
    source: str
    points: float = None  # max score for grade cells
    solution: bool = False


@dataclasses.dataclass
class Prepared:
    """A submission checked and repaired before nbgrader sees it."""

    nb: object = None  # nbformat.NotebookNode, None when ungradable
    notes: list = dataclasses.field(default_factory=list)
    reason: str = ""  # why it cannot be graded ("" when it can)
