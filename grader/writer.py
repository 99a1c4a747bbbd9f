"""The single writer: puts each :class:`grader.records.GradeResult` into the course's
gradebook, ``autograded/`` and ``feedback/``. The only code that writes there; one process."""

import html
import shutil
import warnings
from pathlib import Path

from grader.course import course_directory, notebook_name
from grader.records import UNGRADABLE

__all__ = ["GradebookWriter"]

_UNGRADABLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{assignment}: not graded</title></head>
<body>
<h1>{assignment}: your submission could not be graded</h1>
<p><strong>Reason:</strong> {reason}</p>
<p>Submit the notebook of this assignment again (File &rarr; Save, then upload the
<code>.ipynb</code> file), or ask your instructor.</p>
</body></html>
"""


def _replace_dir(source, target):
    target = Path(target)
    if target.exists():
        for path in [target, *target.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(target)
    if source:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(source), str(target))


class GradebookWriter:
    """Applies grading results to the course: gradebook, autograded/, feedback/."""

    def __init__(self, config, assignment):
        from nbgrader.api import Gradebook

        self.cd = course_directory(config)
        self.assignment = assignment
        self.db_url = self.cd.db_url
        with Gradebook(self.db_url, self.cd.course_id) as gb:
            self.notebook = notebook_name(gb, assignment)

    def write(self, result):
        """Store one result; fills in ``result.score``/``max_score`` as the gradebook has them.

        Args:
            result: a :class:`grader.records.GradeResult`.

        Returns:
            the same result.
        """
        self._write_scores(result)
        autograded = self.cd.format_path(
            self.cd.autograded_directory, result.student, self.assignment
        )
        feedback = self.cd.format_path(self.cd.feedback_directory, result.student, self.assignment)
        _replace_dir(result.autograded_dir, autograded)
        if result.status == UNGRADABLE:
            _replace_dir(None, feedback)
            Path(feedback).mkdir(parents=True)
            page = _UNGRADABLE_PAGE.format(
                assignment=html.escape(self.assignment), reason=html.escape(result.reason)
            )
            (Path(feedback) / f"{self.notebook}.html").write_text(page, encoding="utf-8")
        elif result.feedback_dir:
            _replace_dir(result.feedback_dir, feedback)
        return result

    def _write_scores(self, result):
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.cd.course_id) as gb, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy "not in session" notices
            gb.update_or_create_student(result.student)
            extra = {"timestamp": result.timestamp} if result.timestamp is not None else {}
            gb.update_or_create_submission(self.assignment, result.student, **extra)
            nbsub = gb.find_submission_notebook(self.notebook, self.assignment, result.student)
            for grade in nbsub.grades:
                auto_score, needs_manual = result.grades.get(grade.name, (None, True))
                grade.auto_score = auto_score
                grade.needs_manual_grade = bool(needs_manual or auto_score is None)
            for comment in nbsub.comments:
                comment.auto_comment = result.comments.get(comment.name)
            nbsub.late_submission_penalty = result.late_penalty
            gb.db.commit()
            if result.status != UNGRADABLE:
                result.score = float(nbsub.score)
            result.max_score = float(nbsub.max_score)
