"""Check that lesson 02's autograder rejects the misconceptions of question 001, and gives full
marks to right answers written another way.

Each wrong answer replaces graded functions at once (to keep grading to one nbgrader run of
six submissions); the contract's checks require it to lose
points in a test cell of every function it replaces, while the solution scores full marks and
the blank release 0.

The lesson: ``02_batch_size_epochs_iterations``.
Its named wrong answers: ``tests/lessons/wrong_answers/lesson02.py``.
The checks each test calls: :class:`tests.lessons.contract.GradingContract`.
"""

import pytest

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson02


class TestLesson02(GradingContract):
    assignment = "02_batch_size_epochs_iterations"
    wrong_answers = lesson02.WRONG_ANSWERS
    right_answers = lesson02.RIGHT_ANSWERS

    def test_solution_scores_full_marks(self, graded):
        self.check_solution_scores_full_marks(graded)

    def test_blank_release_scores_zero(self, graded):
        self.check_blank_release_scores_zero(graded)

    def test_every_function_has_two_named_wrong_answers(self):
        self.check_every_function_has_two_named_wrong_answers()

    @pytest.mark.parametrize("wrong_answer", lesson02.WRONG_ANSWERS)
    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        self.check_wrong_answer_loses_points(graded, wrong_answer)

    @pytest.mark.parametrize("right_answer", lesson02.RIGHT_ANSWERS)
    def test_right_answer_scores_full_marks(self, graded, right_answer):
        self.check_right_answer_scores_full_marks(graded, right_answer)

    def test_autograded_notebooks_have_no_noise(self, graded):
        self.check_autograded_notebooks_have_no_noise(graded)

    def test_feedback_hides_hidden_tests(self, graded):
        self.check_feedback_hides_hidden_tests(graded)
