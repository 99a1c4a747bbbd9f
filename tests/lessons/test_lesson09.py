"""Grading tests of lesson 09 (What the last layer must output): targets, heads and labels.

Every named wrong answer must lose points in a test cell of each function it replaces. To keep
grading fast, each wrong answer replaces two functions at once (one misconception each).
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson09


class TestLesson09(GradingContract):
    assignment = lesson09.ASSIGNMENT
    wrong_answers = lesson09.WRONG_ANSWERS
