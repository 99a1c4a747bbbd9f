"""Due dates and the late policy: none, zero, or a penalty per started day late.

Configured in ``nbgrader_config.py``::

    c.AssignLatePenalties.plugin_class = "grader.late.LatePolicy"
    c.LatePolicy.due_dates = {"01_input_layer_vs_features": "2026-12-01T23:59:00+00:00"}
    c.LatePolicy.penalty_method = "per_day"   # "none" | "zero" | "per_day"
    c.LatePolicy.penalty_per_day = 0.1        # share of the notebook's points per started day

nbgrader computes how late a submission is from its ``timestamp.txt`` (``python -m grader
collect`` writes it from the LMS's record) and the assignment's due date in the gradebook;
:func:`apply_due_date` puts the configured date there before grading.
"""

import datetime
import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Dict, Enum, Float

__all__ = ["LatePolicy", "apply_due_date", "days_late", "due_date"]

DAY = 24 * 3600


def days_late(seconds_late):
    """Started days late: 0 for on time, 1 for a minute late, 2 for 25 hours late."""
    return 0 if not seconds_late or seconds_late <= 0 else math.ceil(seconds_late / DAY)


class LatePolicy(LateSubmissionPlugin):
    """nbgrader's late-submission plug-in with a per-day penalty and per-assignment due dates."""

    penalty_method = Enum(
        ("none", "zero", "per_day"),
        default_value="none",
        help="none: no penalty; zero: the score becomes 0; per_day: "
        "penalty_per_day of the points for every started day late",
    ).tag(config=True)
    penalty_per_day = Float(
        0.1, help="share of the notebook's points lost per started day late"
    ).tag(config=True)
    due_dates = Dict(help="{assignment id: due date, ISO 8601 with a time zone}").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        if self.penalty_method != "per_day":
            return super().late_submission_penalty(student_id, score, total_seconds_late)
        parent = self.parent
        notebook = parent.gradebook.find_submission_notebook(
            parent.notebook_id, parent.assignment_id, student_id
        )
        penalty = days_late(total_seconds_late) * self.penalty_per_day * float(notebook.max_score)
        return min(float(score or 0), round(penalty, 6))


def due_date(config, assignment):
    """The configured due date of ``assignment`` as an aware UTC datetime, or None.

    Raises:
        ValueError: when the configured date has no time zone or cannot be read.
    """
    text = LatePolicy(config=config).due_dates.get(assignment)
    if not text:
        return None
    when = datetime.datetime.fromisoformat(str(text))
    if when.tzinfo is None:
        raise ValueError(f"the due date of {assignment} ({text}) needs a time zone, e.g. +00:00")
    return when.astimezone(datetime.timezone.utc)


def apply_due_date(*, config, db_url: str, course_id: str, assignment: str) -> object:
    """Put the configured due date of ``assignment`` into the gradebook (nbgrader reads it there).

    Args:
        config: the course's nbgrader configuration.
        db_url: the gradebook's URL.
        course_id: the course id.
        assignment: the assignment id.

    Returns:
        datetime or None: the due date (UTC), or None when none is configured (the gradebook's
        own, if any, is left as it is).
    """
    from nbgrader.api import Gradebook

    when = due_date(config, assignment)
    if when is not None:
        with Gradebook(db_url, course_id) as gb:
            gb.update_or_create_assignment(assignment, duedate=when.replace(tzinfo=None))
    return when
