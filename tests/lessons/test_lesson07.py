"""Check that lesson 07's autograder rejects the misconceptions about batch size and updates.

Each wrong answer replaces all four graded functions of an otherwise correct submission (one
misconception per function, to keep grading to three extra notebook runs); the standard tests
(tests.lessons.contract.GradingContract) require it to lose points in a test cell of every function it
replaces, while the solution scores full marks and the blank release 0.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson07


class TestLesson07(GradingContract):
    assignment = lesson07.ASSIGNMENT
    wrong_answers = lesson07.WRONG_ANSWERS
