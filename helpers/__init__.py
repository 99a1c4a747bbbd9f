"""Helpers for the Shapes & Batches course.

Each module has one job and does no work at import time:

- :mod:`helpers.repro`  -- seed Python, NumPy and Keras in one call; quiet TensorFlow.
- :mod:`helpers.checks` -- the visible checks in the notebooks (``[PASS]`` / ``[FAIL] ... expected ... got``).
- :mod:`helpers.shapes` -- validate array shapes and name their axes in the course vocabulary.
- :mod:`helpers.data`   -- small seeded toy data (and data that ships with the course).
- :mod:`helpers.plots`  -- the course figure style and the figures shared by lessons.
- :mod:`helpers.grading` -- nbgrader preprocessors that keep hidden tests out of student feedback.
- :mod:`helpers.timing`  -- time code with a warm-up; samples per second.

Import the module you need, e.g. ``from helpers import checks, repro``.
"""

__all__ = ["checks", "data", "grading", "plots", "repro", "shapes", "timing"]
