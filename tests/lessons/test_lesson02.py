"""Check that lesson 02's autograder rejects the misconceptions of question 001.

Each wrong answer replaces graded functions at once (to keep grading to one nbgrader run of
six submissions); the standard tests (see tests.lessons.contract.GradingContract) require it to lose
points in a test cell of every function it replaces, while the solution scores full marks and
the blank release 0.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson02


class TestLesson02(GradingContract):
    assignment = lesson02.ASSIGNMENT
    wrong_answers = lesson02.WRONG_ANSWERS
