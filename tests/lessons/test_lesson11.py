"""Grading tests of lesson 11 (Several tensors in, several out): merged inputs, states and attention.

Every named wrong answer must lose points in a test cell of each function it replaces, and every
right answer written another way must score full marks. To keep grading fast, most answers
replace two or three functions at once.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson11


class TestLesson11(GradingContract):
    assignment = lesson11.ASSIGNMENT
    wrong_answers = lesson11.WRONG_ANSWERS
    right_answers = lesson11.RIGHT_ANSWERS
