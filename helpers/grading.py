"""What check cells need besides the visible checks: fresh hidden inputs, and observations.

Two functions, the same in a learner's kernel and in the autograder:

- :func:`hidden_rng` gives a hidden test its sizes and data. In self-study and in ``make test``
  it is seeded by the check's grade id alone; while grading, the grader seeds it from a secret
  of the grading run as well, so a table of answers memorised from one run is worth nothing in
  the next, and a regrade with the same secret draws the same inputs.
- :func:`observe` runs an instructor *routine* (a function of :mod:`helpers.probes`) on the
  learner's function and returns what the routine saw, as plain data. In a learner's kernel it
  is a plain call. While grading, the learner's function lives in another process (the
  sandboxed kernel) and the check cell sees a proxy of it: the routine then runs in that
  process, next to the learner's code, and only its plain-data result comes back. Use it where
  a check must run the learner's *object* (a callback, a schedule), not only read its values.
"""

import hashlib

import numpy as np

__all__ = ["hidden_rng", "observe", "set_secret"]

_secret = {"value": ""}


def set_secret(secret):
    """Set the grading run's secret (the grader calls this; a lesson never does).

    Args:
        secret: a string; ``""`` goes back to the self-study seeds.
    """
    _secret["value"] = str(secret)


def hidden_rng(grade_id):
    """A NumPy random generator for the hidden tests of one check cell.

    Args:
        grade_id: the check cell's grade id, e.g. ``"count_dense_params_bias"``.

    Returns:
        numpy.random.Generator: seeded by ``grade_id`` and, while grading, the run's secret.
    """
    digest = hashlib.sha256(f"{_secret['value']}\0{grade_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def observe(routine, function, *args, **kwargs):
    """Run ``routine(function, *args, **kwargs)`` where ``function`` lives; return its result.

    Args:
        routine: a function of :mod:`helpers.probes` whose first argument is the learner's
            function and whose result is plain data (numbers, strings, lists, dicts, NumPy
            arrays).
        function: the learner's function (or, while grading, its proxy).
        *args: plain data for the routine.
        **kwargs: plain data for the routine.

    Returns:
        what the routine returned.
    """
    remote = getattr(function, "__grading_observe__", None)
    if remote is not None:
        return remote(routine, *args, **kwargs)
    return routine(function, *args, **kwargs)
