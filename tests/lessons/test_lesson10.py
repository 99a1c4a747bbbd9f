"""Grading tests of lesson 10 (Inference and input pipelines): the misconceptions about inference and pipelines.

Every named wrong answer must lose points in a test cell of each function it replaces. To keep
grading fast, most wrong answers replace two or three functions at once (one misconception each).
"""

from tests.lessons.contract import GradingContract
from tests.lessons.wrong_answers import lesson10


class TestLesson10(GradingContract):
    assignment = lesson10.ASSIGNMENT
    wrong_answers = lesson10.WRONG_ANSWERS
