"""Grading tests of lesson 12 (What fit takes, and what a batch costs): validation data, sample
weights and gradient accumulation.

Every named wrong answer must lose points in a test cell of each function it replaces, and every
right answer written another way must score full marks. To keep grading fast, most answers
replace several functions at once.
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson12


class TestLesson12(GradingContract):
    assignment = lesson12.ASSIGNMENT
    wrong_answers = lesson12.WRONG_ANSWERS
    right_answers = lesson12.RIGHT_ANSWERS
