"""The grading contract every lesson meets, as a base class its test class inherits.

For a lesson, one ``nbgrader autograde`` run (in a temporary course copy) grades the solution,
the blank release and every named wrong answer; then:

- the solution scores full marks, with nothing left for manual grading;
- the blank release scores 0;
- every wrong answer loses points in a test cell of each function it replaces;
- every right answer written another way (``right_answers``, optional) scores full marks;
- the autograded notebooks carry no TensorFlow log lines or warnings;
- the feedback pages never show a hidden-test line, and give a reason for each failure.

Usage, in ``tests/lessons/test_lessonNN.py``::

    class TestLesson01(GradingContract):
        assignment = lesson01.ASSIGNMENT
        wrong_answers = lesson01.WRONG_ANSWERS

``wrong_answer`` and ``right_answer`` are parametrised over ``wrong_answers`` and
``right_answers`` by ``tests/lessons/conftest.py``.
"""

import html
import re

import nbformat
import pytest

from tests.lessons.wrong_answers import WrongAnswer
from tests.support import NOISE_PATTERNS, grade_submissions, hidden_test_lines, noise_in

__all__ = ["GradingContract"]

_NOISE = re.compile("|".join(NOISE_PATTERNS), re.MULTILINE)


@pytest.mark.slow
class GradingContract:
    """Subclasses set ``assignment``, ``wrong_answers`` and optionally ``right_answers`` (``{name: wrong(...)}``)."""

    assignment: str = None
    wrong_answers: dict = {}
    right_answers: dict = {}

    @pytest.fixture(scope="class")
    @classmethod
    def graded(cls, tmp_path_factory):
        for name, answer in {**cls.wrong_answers, **cls.right_answers}.items():
            assert isinstance(answer, WrongAnswer), f"answer {name!r} must be made with wrong(...)"
        assert not set(cls.wrong_answers) & set(cls.right_answers), "an answer cannot be both wrong and right"
        submissions = {"solution": {}, "blank": None, **cls.wrong_answers, **cls.right_answers}
        workdir = tmp_path_factory.mktemp(f"grade-{cls.assignment[:2]}")
        return grade_submissions(cls.assignment, submissions, workdir, feedback=True)

    def test_solution_scores_full_marks(self, graded):
        result = graded["solution"]
        assert result.max_score > 0, "the assignment has no points"
        assert result.full_marks, f"solution lost points in {result.failed}"
        assert not result.needs_manual_grade

    def test_blank_release_scores_zero(self, graded):
        result = graded["blank"]
        assert result.score == 0, f"the untouched release scored {result.score}"
        assert result.max_score == graded["solution"].max_score

    def test_every_function_has_two_named_wrong_answers(self):
        from tests.support import graded_functions

        counts = {name: 0 for name in graded_functions(self.assignment)}
        for answer in self.wrong_answers.values():
            for function in answer.replacements:
                counts[function] = counts.get(function, 0) + 1
        assert all(n >= 2 for n in counts.values()), f"named wrong answers per graded function: {counts}"

    def test_wrong_answer_loses_points(self, graded, wrong_answer):
        result = graded[wrong_answer]
        assert result.score < result.max_score, f"wrong answer {wrong_answer!r} scored full marks"
        for function in self.wrong_answers[wrong_answer].replacements:
            lost = [g for g in result.failed if g.startswith(function)]
            assert lost, (f"wrong answer {wrong_answer!r}: no test cell of {function} lost points "
                          f"(failed: {result.failed})")

    def test_right_answer_scores_full_marks(self, graded, right_answer):
        result = graded[right_answer]
        assert result.full_marks, f"right answer {right_answer!r} lost points in {result.failed}"

    def test_autograded_notebooks_have_no_noise(self, graded):
        for name in ("solution", "blank"):
            nb = nbformat.read(graded[name].autograded, as_version=4)
            assert noise_in(nb) == [], f"{name}: noise in the autograded notebook"

    def test_feedback_hides_hidden_tests(self, graded):
        hidden = hidden_test_lines(self.assignment)
        assert hidden, f"{self.assignment} has no hidden tests"
        for name in ["blank", *self.wrong_answers]:
            page = html.unescape(re.sub(r"<[^>]+>", "", graded[name].feedback.read_text()))
            leaked = [line for line in hidden if line in page]
            assert leaked == [], f"{name}: feedback shows hidden-test lines {leaked[:3]}"
            if name != "blank":
                assert "[FAIL]" in page or "AssertionError:" in page, f"{name}: feedback gives no reason"
            assert not _NOISE.search(page), f"{name}: TensorFlow noise in the feedback"
