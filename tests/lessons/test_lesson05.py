"""Grading tests of lesson 05: the solution scores full marks, the blank release 0, and every
named wrong answer (the misconceptions of question 003's variable-length batches) loses points.

Wrong answers that share a theme replace two functions at once to save grading runs; each
replaced function must lose points in its own test cells.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson05


class TestLesson05(GradingContract):
    assignment = lesson05.ASSIGNMENT
    wrong_answers = lesson05.WRONG_ANSWERS
