"""Time a piece of code honestly: warm up first, repeat, report the best and the median.

The first call of a Keras ``fit`` or ``predict`` traces and compiles a TensorFlow graph,
which can take longer than the work itself. Timing only that first call measures the
compiler, not the batch size. :func:`time_call` therefore runs the code ``warmup`` times
without timing it, then ``repeats`` times with a timer, and returns every timed duration::

    from helpers import timing
    t = timing.time_call(lambda: model.fit(X, y, batch_size=32, epochs=1, verbose=0),
                         repeats=3, warmup=1)
    print(f"{t.rate(len(X)):,.0f} samples/s (best of {t.repeats})")

On a shared machine other programs slow some runs down; the *best* time is the closest to
what the code itself costs (the advice of Python's ``timeit``), the *median* shows the
typical run. Timings change from run to run and machine to machine: report them, never
assert them as fixed numbers.

Nothing is imported or measured at import time.
"""

import math
import numbers
import statistics
import time
from typing import Any, NamedTuple

__all__ = ["Timing", "throughput", "time_call"]


def _require_int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}; got {value}")
    return int(value)


def throughput(count, seconds):
    """Items processed per second, e.g. samples per second.

    Args:
        count: how many items (samples) were processed, a number >= 0.
        seconds: how long it took, a number > 0.

    Returns:
        float: ``count / seconds``.

    Raises:
        TypeError: when an argument is not a real number (``bool`` is rejected).
        ValueError: when ``count`` < 0, or ``seconds`` <= 0 or not finite.
    """
    for value, name in ((count, "count"), (seconds, "seconds")):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a number; got {type(value).__name__} {value!r}")
    if not math.isfinite(count) or count < 0:
        raise ValueError(f"count must be a finite number >= 0; got {count}")
    if not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"seconds must be a finite number > 0; got {seconds}")
    return float(count) / float(seconds)


class Timing(NamedTuple):
    """The result of :func:`time_call`.

    Attributes:
        times: the duration of each timed call in seconds (a tuple of ``repeats`` floats,
            in the order they ran; warm-up calls are not included).
        warmup: how many untimed calls ran first.
        result: what the last call returned.
    """

    times: tuple
    warmup: int
    result: Any = None

    @property
    def repeats(self):
        """int: the number of timed calls."""
        return len(self.times)

    @property
    def best(self):
        """float: the shortest timed call, in seconds."""
        return min(self.times)

    @property
    def median(self):
        """float: the median timed call, in seconds."""
        return statistics.median(self.times)

    def rate(self, count, stat="best"):
        """Items per second for one call that processes ``count`` items.

        Args:
            count: items processed by ONE call (e.g. ``num_samples`` for one epoch).
            stat: ``"best"`` (default) or ``"median"``: which duration to divide by.

        Returns:
            float: ``count / seconds``.

        Raises:
            ValueError: for an unknown ``stat`` or a bad ``count`` (see :func:`throughput`).
        """
        if stat not in ("best", "median"):
            raise ValueError(f"stat must be 'best' or 'median'; got {stat!r}")
        return throughput(count, self.best if stat == "best" else self.median)


def time_call(func, repeats=3, warmup=1, timer=time.perf_counter):
    """Call ``func()`` ``warmup`` times untimed, then ``repeats`` times timed.

    Args:
        func: a callable taking no arguments (wrap a call with arguments in a ``lambda``).
        repeats: timed calls, an int >= 1.
        warmup: untimed calls made first (graph tracing, caches), an int >= 0.
        timer: a function returning the current time in seconds; the default
            ``time.perf_counter`` is the right clock for durations.

    Returns:
        Timing: ``times`` (one duration per timed call), ``warmup`` and the ``result``
        of the last call; ``.best``, ``.median`` and ``.rate(count)`` summarize them.

    Raises:
        TypeError: when ``func`` or ``timer`` is not callable, or a count is not an int.
        ValueError: when ``repeats`` < 1 or ``warmup`` < 0.
    """
    if not callable(func):
        raise TypeError(
            f"func must be callable (e.g. a lambda); got {type(func).__name__} {func!r}"
        )
    if not callable(timer):
        raise TypeError(f"timer must be callable; got {type(timer).__name__} {timer!r}")
    repeats = _require_int(repeats, "repeats", 1)
    warmup = _require_int(warmup, "warmup", 0)
    result = None
    for _ in range(warmup):
        result = func()
    times = []
    for _ in range(repeats):
        start = timer()
        result = func()
        times.append(float(timer() - start))
    return Timing(times=tuple(times), warmup=warmup, result=result)
