"""Grading tests of lesson 05: the solution scores full marks, the blank release 0, and every
named wrong answer (the misconceptions of question 003's variable-length batches) loses points,
and every right answer written another way scores full marks.

Wrong answers that share a theme replace two functions at once to save grading runs; each
replaced function must lose points in its own test cells.

The lesson: ``05_variable_length_batches``.
Its named wrong answers: ``tests/lessons/wrong_answers/lesson05.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson05


class TestLesson05(GradingContract):
    assignment = "05_variable_length_batches"
    wrong_answers = lesson05.WRONG_ANSWERS
    right_answers = lesson05.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson05.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson05.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
