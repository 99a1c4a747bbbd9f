"""Check that lesson 01's autograder rejects the misconceptions of question 000.

Each wrong answer replaces graded functions in an otherwise correct submission; the
standard tests (see tests.lessons.contract.GradingContract) require it to lose points in a test cell of
every function it replaces, while the solution scores full marks and the blank release 0.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson01


class TestLesson01(GradingContract):
    assignment = lesson01.ASSIGNMENT
    wrong_answers = lesson01.WRONG_ANSWERS

    def test_grades_export_to_csv(self, graded):
        """`nbgrader export` (the last step in docs/grading.md) writes one row per submission."""
        import csv

        from tests.support import nbgrader

        course = graded["solution"].autograded.parents[3]
        nbgrader(course, "export")
        rows = list(csv.DictReader((course / "grades.csv").open()))
        scores = {row["student_id"]: float(row["raw_score"]) for row in rows}
        assert scores[graded["solution"].student] == graded["solution"].max_score
        assert scores[graded["blank"].student] == 0
        assert len(rows) == len(graded)
