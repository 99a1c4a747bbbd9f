"""Grading tests of lesson 04 (What `Input(shape=(20, 1))` means): the question's misconceptions, and
right answers written another way.

Every named wrong answer must lose points in a test cell of each function it replaces. To keep
grading fast, most wrong answers replace two or three functions at once (one misconception each).

The lesson: ``04_lstm_input_shape``.
Its named wrong answers: ``tests/lessons/wrong_answers/lesson04.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson04


class TestLesson04(GradingContract):
    assignment = "04_lstm_input_shape"
    wrong_answers = lesson04.WRONG_ANSWERS
    right_answers = lesson04.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson04.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson04.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
