"""Check that lesson 06's autograder rejects the misconceptions of question 004 (sliding windows).

Each wrong answer replaces graded functions in an otherwise correct submission; the
standard tests (see tests.lessons.contract.GradingContract) require it to lose points in a test cell of
every function it replaces, while the solution scores full marks and the blank release 0.
Related misconceptions share one submission to keep grading fast.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson06


class TestLesson06(GradingContract):
    assignment = lesson06.ASSIGNMENT
    wrong_answers = lesson06.WRONG_ANSWERS
