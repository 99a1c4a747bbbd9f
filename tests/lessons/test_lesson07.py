"""Check that lesson 07's autograder rejects the misconceptions of a real forecast (question 004).

Each wrong answer replaces graded functions in an otherwise correct submission; the
contract's checks require it to lose points in a test cell of
every function it replaces, while the solution, and every right answer written another way
(Functional instead of Sequential, the loss as a string or an object), score full marks and the
blank release 0.
Related misconceptions share one submission to keep grading fast.

The lesson: ``07_forecasting_a_real_series``.
Its named wrong and right answers: ``tests/lessons/wrong_answers/lesson07.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson07


class TestLesson07(GradingContract):
    assignment = "07_forecasting_a_real_series"
    wrong_answers = lesson07.WRONG_ANSWERS
    right_answers = lesson07.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson07.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson07.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
