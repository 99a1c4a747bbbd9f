"""helpers.timing: unit tests, bad input included."""

import pytest

from helpers import timing


class FakeClock:
    """A timer that advances by the given steps, one per call."""

    def __init__(self, *readings):
        self.readings = list(readings)

    def __call__(self):
        return self.readings.pop(0)


def test_time_call_runs_warmup_untimed_then_repeats():
    calls = []
    clock = FakeClock(10.0, 10.5, 20.0, 20.25, 30.0, 31.0)  # (start, end) per timed call
    t = timing.time_call(
        lambda: calls.append(len(calls)) or len(calls), repeats=3, warmup=2, timer=clock
    )
    assert len(calls) == 5  # 2 warm-up + 3 timed
    assert t.times == (0.5, 0.25, 1.0)
    assert t.repeats == 3 and t.warmup == 2
    assert t.best == 0.25 and t.median == 0.5
    assert t.result == 5  # what the last call returned
    assert clock.readings == []  # warm-up calls read no clock


def test_time_call_without_warmup_and_real_clock():
    t = timing.time_call(lambda: sum(range(100)), repeats=2, warmup=0)
    assert t.repeats == 2 and t.warmup == 0 and t.result == 4950
    assert all(x >= 0 for x in t.times)


def test_rate_divides_count_by_best_or_median():
    t = timing.Timing(times=(2.0, 4.0, 1.0), warmup=1)
    assert t.rate(100) == 100.0  # best = 1.0 s
    assert t.rate(100, stat="median") == 50.0  # median = 2.0 s
    with pytest.raises(ValueError, match="stat"):
        t.rate(100, stat="mean")


def test_throughput():
    assert timing.throughput(256, 0.5) == 512.0
    assert timing.throughput(0, 1.0) == 0.0


@pytest.mark.parametrize(
    "count, seconds, error",
    [
        (10, 0, ValueError),
        (10, -1.0, ValueError),
        (-1, 1.0, ValueError),
        (10, float("inf"), ValueError),
        (10, float("nan"), ValueError),
        ("10", 1.0, TypeError),
        (10, None, TypeError),
        (True, 1.0, TypeError),
    ],
)
def test_throughput_rejects_bad_input(count, seconds, error):
    with pytest.raises(error):
        timing.throughput(count, seconds)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"func": 3}, TypeError, "callable"),
        ({"func": lambda: None, "repeats": 0}, ValueError, "repeats"),
        ({"func": lambda: None, "repeats": 2.0}, TypeError, "repeats"),
        ({"func": lambda: None, "repeats": True}, TypeError, "repeats"),
        ({"func": lambda: None, "warmup": -1}, ValueError, "warmup"),
        ({"func": lambda: None, "timer": 1.0}, TypeError, "timer"),
    ],
)
def test_time_call_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        timing.time_call(**kwargs)


def test_time_call_propagates_errors_of_the_timed_code():
    def boom():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        timing.time_call(boom)
