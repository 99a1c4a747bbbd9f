"""Helpers for the Shapes & Batches course.

Each module has one job and does no work at import time (one exception: importing
:mod:`helpers.checks` in a notebook calls :func:`helpers.blank.explain_in_notebook`). What the
notebooks use:

- :mod:`helpers.repro`  -- seed Python, NumPy and Keras in one call; quiet TensorFlow.
- :mod:`helpers.checks` -- the visible checks in the notebooks (``[PASS]`` / ``[FAIL] ... expected ... got``).
- :mod:`helpers.blank`  -- an exercise not written yet: a ``[FAIL]`` line instead of a traceback.
- :mod:`helpers.shapes` -- validate array shapes and name their axes in the course vocabulary.
- :mod:`helpers.data`   -- small seeded toy data, and the sunspot series that ships in ``datasets/``.
- :mod:`helpers.plots`  -- the course figure style and the figures shared by lessons.
- :mod:`helpers.timing` -- time code with a warm-up; samples per second.
- :mod:`helpers.grading` -- what check cells need: hidden tests' inputs, observations of objects.
- :mod:`helpers.probes` -- instructor routines that run a learner's object and report what it did.
- :mod:`helpers.worked` -- a worked answer on request, for self-study (``solution("build_mlp")``).

The instructor's grading tools are a separate package, ``grader`` (not in the student bundle).

Import the module you need, e.g. ``from helpers import checks, repro``.
"""

__all__ = [
    "blank",
    "checks",
    "data",
    "grading",
    "plots",
    "probes",
    "repro",
    "shapes",
    "timing",
    "worked",
]
