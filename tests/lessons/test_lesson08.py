"""Check that lesson 08's autograder rejects the misconceptions about scaling, warm-up and fair stops.

The first three wrong answers replace all three graded functions of an otherwise correct submission
(one misconception per function, to keep grading to few notebook runs); the last replaces only
linear_warmup. The standard tests (see tests.lessons.contract.GradingContract) require each to lose points in a
test cell of every function it replaces, while the solution scores full marks and the blank release 0.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson08


class TestLesson08(GradingContract):
    assignment = lesson08.ASSIGNMENT
    wrong_answers = lesson08.WRONG_ANSWERS
