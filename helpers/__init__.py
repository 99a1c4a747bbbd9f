"""Helpers for the Shapes & Batches course.

Each module has one job and does no work at import time. What the notebooks use:

- :mod:`helpers.repro`  -- seed Python, NumPy and Keras in one call; quiet TensorFlow.
- :mod:`helpers.checks` -- the visible checks in the notebooks (``[PASS]`` / ``[FAIL] ... expected ... got``).
- :mod:`helpers.shapes` -- validate array shapes and name their axes in the course vocabulary.
- :mod:`helpers.data`   -- small seeded toy data, and the sunspot series that ships in ``datasets/``.
- :mod:`helpers.plots`  -- the course figure style and the figures shared by lessons.
- :mod:`helpers.timing` -- time code with a warm-up; samples per second.

What the instructor's grading uses (left out of the student bundle):

- :mod:`helpers.grading`        -- nbgrader plug-ins: guarded grading kernels; feedback without hidden tests.
- :mod:`helpers.kernel_guard`   -- starts a grading kernel with a memory cap.
- :mod:`helpers.grade_cli`      -- ``make grade``: grade a class, report, CSV, exit code.
- :mod:`helpers.grade_parallel` -- the same on parallel workers or a Dask cluster.
- :mod:`helpers.bundle`         -- ``make bundle``: the zip a student needs.

Import the module you need, e.g. ``from helpers import checks, repro``.
"""

__all__ = ["checks", "data", "plots", "repro", "shapes", "timing"]
