"""Check that lesson 07's autograder rejects the misconceptions of a real forecast (question 004).

Each wrong answer replaces graded functions in an otherwise correct submission; the
standard tests (see tests.lessons.contract.GradingContract) require it to lose points in a test cell of
every function it replaces, while the solution scores full marks and the blank release 0.
Related misconceptions share one submission to keep grading fast.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson07


class TestLesson07(GradingContract):
    assignment = lesson07.ASSIGNMENT
    wrong_answers = lesson07.WRONG_ANSWERS
