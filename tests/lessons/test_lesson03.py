"""Grading tests of lesson 03 (RNN batch size vs timesteps): the question's misconceptions lose points.

Each wrong answer replaces one or two graded functions in an otherwise correct submission; every
replaced function must lose points in one of its own test cells. Answers that share a
misconception (forgetting the recurrence, mixing up the batch and time axes) replace two
functions at once, so grading takes fewer notebook runs.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson03


class TestLesson03(GradingContract):
    assignment = lesson03.ASSIGNMENT
    wrong_answers = lesson03.WRONG_ANSWERS
