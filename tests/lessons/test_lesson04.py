"""Grading tests of lesson 04 (What `Input(shape=(20, 1))` means): the question's misconceptions.

Every named wrong answer must lose points in a test cell of each function it replaces. To keep
grading fast, most wrong answers replace two or three functions at once (one misconception each).
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson04


class TestLesson04(GradingContract):
    assignment = lesson04.ASSIGNMENT
    wrong_answers = lesson04.WRONG_ANSWERS
