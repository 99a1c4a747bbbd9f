"""Grading tests of lesson 03 (RNN batch size vs timesteps): the question's misconceptions lose points.

Each wrong answer replaces one or two graded functions in an otherwise correct submission; every
replaced function must lose points in one of its own test cells. Answers that share a
misconception (forgetting the recurrence, mixing up the batch and time axes) replace two
functions at once, so grading takes fewer notebook runs. Right answers written another way
(lesson03.RIGHT_ANSWERS) must score full marks.

The lesson: ``03_rnn_batch_vs_timesteps``.
Its named wrong answers: ``tests/lessons/wrong_answers/lesson03.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson03


class TestLesson03(GradingContract):
    assignment = "03_rnn_batch_vs_timesteps"
    wrong_answers = lesson03.WRONG_ANSWERS
    right_answers = lesson03.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson03.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson03.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
