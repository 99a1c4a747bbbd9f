"""Check that lesson 08's autograder rejects the misconceptions about scaling, warm-up and fair stops.

The first three wrong answers replace all three graded functions of an otherwise correct submission
(one misconception per function, to keep grading to few notebook runs); the last two replace only
fit_until_loss or linear_warmup. Right answers written another way (NumPy or Fraction arithmetic,
a built-in schedule, a callback that evaluates) must score full marks. The contract's checks require each to lose points in a
test cell of every function it replaces, while the solution scores full marks and the blank release 0.

The lesson: ``08_batch_size_and_generalization``.
Its named wrong and right answers: ``tests/lessons/wrong_answers/lesson08.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson08


class TestLesson08(GradingContract):
    assignment = "08_batch_size_and_generalization"
    wrong_answers = lesson08.WRONG_ANSWERS
    right_answers = lesson08.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson08.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson08.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
