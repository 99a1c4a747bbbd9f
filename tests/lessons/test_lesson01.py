"""Check that lesson 01's autograder rejects the misconceptions of question 000.

Each wrong answer replaces graded functions in an otherwise correct submission; the
contract's checks require it to lose points in a test cell of
every function it replaces, while the solution scores full marks and the blank release 0.
Right answers written another way (lesson01.RIGHT_ANSWERS) must score full marks.

The lesson: ``01_input_layer_vs_features``.
Its named wrong answers: ``tests/lessons/wrong_answers/lesson01.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson01


class TestLesson01(GradingContract):
    assignment = "01_input_layer_vs_features"
    wrong_answers = lesson01.WRONG_ANSWERS
    right_answers = lesson01.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson01.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson01.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)

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
