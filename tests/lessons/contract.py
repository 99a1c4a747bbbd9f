"""The grading contract every lesson meets: a base class whose checks each lesson's test class
calls, one test per check.

For a lesson, one ``nbgrader autograde`` run (in a temporary course copy, the class fixture
``graded``) grades the solution, the blank release and every named wrong answer; then:

- ``check_solution_scores_full_marks``: full marks, nothing left for manual grading;
- ``check_blank_release_scores_zero``: the untouched release scores 0;
- ``check_every_function_has_two_named_wrong_answers``: each graded function has two or more;
- ``check_wrong_answer_loses_points``: a wrong answer loses points in a test cell of each
  function it replaces;
- ``check_right_answer_scores_full_marks``: a right answer written another way (the lesson's
  ``right_answers``, graded in the same run) scores full marks;
- ``check_autograded_notebooks_have_no_noise``: no TensorFlow log lines or warnings;
- ``check_feedback_hides_hidden_tests``: the feedback pages never show a hidden-test line, and
  give a reason for each failure.

Usage, in ``tests/lessons/test_lessonNN.py``::

    class TestLesson01(GradingContract):
        assignment = "01_input_layer_vs_features"
        wrong_answers = lesson01.WRONG_ANSWERS

        def test_solution_scores_full_marks(self, graded):
            self.check_solution_scores_full_marks(graded)

        @pytest.mark.parametrize("wrong_answer", lesson01.WRONG_ANSWERS)
        def test_wrong_answer_loses_points(self, graded, wrong_answer):
            self.check_wrong_answer_loses_points(graded, wrong_answer)
        ...

``tests/lessons/test_structure.py`` checks that every lesson has such a class with one test per
check.
"""

import html
import re

import nbformat
import pytest

from tests.lessons.wrong_answers import WrongAnswer
from tests.support import NOISE_PATTERNS, grade_submissions, hidden_test_lines, noise_in

__all__ = ["CHECKS", "GradingContract", "OPTIONAL_CHECKS"]

_NOISE = re.compile("|".join(NOISE_PATTERNS), re.MULTILINE)


@pytest.mark.slow
class GradingContract:
    """Subclasses set ``assignment``, ``wrong_answers`` and ``right_answers`` (``{name: wrong(...)}``)."""

    assignment: str = None
    wrong_answers: dict = {}
    right_answers: dict = {}

    @pytest.fixture(scope="class")
    @classmethod
    def graded(cls, tmp_path_factory):
        for name, answer in {**cls.wrong_answers, **cls.right_answers}.items():
            assert isinstance(answer, WrongAnswer), f"answer {name!r} must be made with wrong(...)"
        assert not set(cls.wrong_answers) & set(cls.right_answers), (
            "an answer cannot be both wrong and right"
        )
        submissions = {"solution": {}, "blank": None, **cls.wrong_answers, **cls.right_answers}
        workdir = tmp_path_factory.mktemp(f"grade-{cls.assignment[:2]}")
        return grade_submissions(cls.assignment, submissions, workdir, feedback=True)

    def check_solution_scores_full_marks(self, graded):
        """The solution scores full marks, with nothing left for manual grading."""
        result = graded["solution"]
        assert result.max_score > 0, "the assignment has no points"
        assert result.full_marks, f"solution lost points in {result.failed}"
        assert not result.needs_manual_grade

    def check_blank_release_scores_zero(self, graded):
        """The untouched release scores 0."""
        result = graded["blank"]
        assert result.score == 0, f"the untouched release scored {result.score}"
        assert result.max_score == graded["solution"].max_score

    def check_every_function_has_two_named_wrong_answers(self):
        """Each graded function is replaced by two named wrong answers or more."""
        from tests.support import graded_functions

        counts = {name: 0 for name in graded_functions(self.assignment)}
        for answer in self.wrong_answers.values():
            for function in answer.replacements:
                counts[function] = counts.get(function, 0) + 1
        assert all(n >= 2 for n in counts.values()), (
            f"named wrong answers per graded function: {counts}"
        )

    def check_wrong_answer_loses_points(self, graded, wrong_answer):
        """``wrong_answer`` loses points in a test cell of each function it replaces."""
        result = graded[wrong_answer]
        assert result.score < result.max_score, f"wrong answer {wrong_answer!r} scored full marks"
        for function in self.wrong_answers[wrong_answer].replacements:
            lost = [g for g in result.failed if g.startswith(function)]
            assert lost, (
                f"wrong answer {wrong_answer!r}: no test cell of {function} lost points "
                f"(failed: {result.failed})"
            )

    def check_right_answer_scores_full_marks(self, graded, right_answer):
        """``right_answer``, written another way than the solution, scores full marks."""
        result = graded[right_answer]
        assert result.full_marks, f"right answer {right_answer!r} lost points in {result.failed}"

    def check_autograded_notebooks_have_no_noise(self, graded):
        """The autograded notebooks carry no TensorFlow log lines or warnings."""
        for name in ("solution", "blank"):
            nb = nbformat.read(graded[name].autograded, as_version=4)
            assert noise_in(nb) == [], f"{name}: noise in the autograded notebook"

    def check_feedback_hides_hidden_tests(self, graded):
        """The feedback pages show no hidden-test line and give a reason for each failure."""
        hidden = hidden_test_lines(self.assignment)
        assert hidden, f"{self.assignment} has no hidden tests"
        for name in ["blank", *self.wrong_answers]:
            page = html.unescape(re.sub(r"<[^>]+>", "", graded[name].feedback.read_text()))
            leaked = [line for line in hidden if line in page]
            assert leaked == [], f"{name}: feedback shows hidden-test lines {leaked[:3]}"
            if name != "blank":
                assert "[FAIL]" in page or "AssertionError:" in page, (
                    f"{name}: feedback gives no reason"
                )
            assert not _NOISE.search(page), f"{name}: TensorFlow noise in the feedback"


#: the names of the contract's checks: ``check_<name>`` is called by ``test_<name>``
CHECKS = sorted(
    name[len("check_") :] for name in vars(GradingContract) if name.startswith("check_")
)
#: checks a lesson runs once it has answers of that kind (``right_answers``)
OPTIONAL_CHECKS = ("right_answer_scores_full_marks",)
