"""Each lesson's named wrong answers: the misconceptions its autograder must reject.

One module per lesson (``lesson01`` ...), each with ``ASSIGNMENT`` (the assignment id) and
``WRONG_ANSWERS``: ``{name: wrong(function=source, ...)}``. A wrong answer replaces the named
graded functions in an otherwise correct submission. The lesson tests
(:class:`tests.lessons.contract.GradingContract`) and the grading benchmarks import them.
"""

import dataclasses
import importlib
import pkgutil
import textwrap

__all__ = ["WrongAnswer", "by_assignment", "wrong"]


@dataclasses.dataclass
class WrongAnswer:
    """A submission with some graded functions replaced: ``{function_name: source}``."""

    replacements: dict

    def __post_init__(self):
        self.replacements = {
            name: textwrap.dedent(src).strip("\n") + "\n" for name, src in self.replacements.items()
        }


def wrong(**replacements):
    """``wrong(count_dense_params="def count_dense_params(...): ...")`` -- a named wrong answer."""
    if not replacements:
        raise ValueError("wrong() needs at least one function=source replacement")
    return WrongAnswer(replacements)


def by_assignment():
    """``{assignment id: WRONG_ANSWERS}`` of every lesson module in this package."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.ASSIGNMENT] = module.WRONG_ANSWERS
    return found
