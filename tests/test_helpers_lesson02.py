"""Unit tests for the helpers that lesson 02 added: helpers.timing, three figures in helpers.plots,
and the reference implementations in helpers.reference.lesson02."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots, timing  # noqa: E402
from helpers.reference import lesson02 as reference  # noqa: E402


class FakeClock:
    """A timer that advances by the given steps, one per call."""

    def __init__(self, *readings):
        self.readings = list(readings)

    def __call__(self):
        return self.readings.pop(0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------- helpers.timing


def test_timing_import_does_no_work():
    code = ("import sys; import helpers.timing; "
            "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]; "
            "assert heavy == [], heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_time_call_runs_warmup_untimed_then_repeats():
    calls = []
    clock = FakeClock(10.0, 10.5, 20.0, 20.25, 30.0, 31.0)  # (start, end) per timed call
    t = timing.time_call(lambda: calls.append(len(calls)) or len(calls), repeats=3, warmup=2, timer=clock)
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


@pytest.mark.parametrize("count, seconds, error", [
    (10, 0, ValueError), (10, -1.0, ValueError), (-1, 1.0, ValueError), (10, float("inf"), ValueError),
    (10, float("nan"), ValueError), ("10", 1.0, TypeError), (10, None, TypeError), (True, 1.0, TypeError),
])
def test_throughput_rejects_bad_input(count, seconds, error):
    with pytest.raises(error):
        timing.throughput(count, seconds)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"func": 3}, TypeError, "callable"),
    ({"func": lambda: None, "repeats": 0}, ValueError, "repeats"),
    ({"func": lambda: None, "repeats": 2.0}, TypeError, "repeats"),
    ({"func": lambda: None, "repeats": True}, TypeError, "repeats"),
    ({"func": lambda: None, "warmup": -1}, ValueError, "warmup"),
    ({"func": lambda: None, "timer": 1.0}, TypeError, "timer"),
])
def test_time_call_rejects_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        timing.time_call(**kwargs)


def test_time_call_propagates_errors_of_the_timed_code():
    def boom():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        timing.time_call(boom)


# ---------------------------------------------------------------- helpers.plots


def _labelled(ax, legend=True):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    if legend:
        assert ax.get_legend() is not None


def _line_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 1))
    y = 2 * X[:, 0] + 1 + 0.1 * rng.normal(size=20)
    return X, y


def test_plot_descent_paths():
    X, y = _line_data()
    paths = {"full batch": np.array([[0.0, 0.0], [0.5, 0.3], [1.0, 0.6]]),
             "batch_size=1": [[0.0, 0.0], [0.8, -0.1]]}
    ax = plots.plot_descent_paths(X, y.reshape(-1, 1), paths)
    _labelled(ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "full batch (2 updates)" in labels and "batch_size=1 (1 updates)" in labels
    assert any("minimum" in label for label in labels)
    fig, given = plt.subplots()
    assert plots.plot_descent_paths(X[:, 0], y, paths, ax=given) is given


@pytest.mark.parametrize("X, y, paths, error", [
    (np.zeros((5, 2)), np.zeros(5), {"a": np.zeros((2, 2))}, ValueError),  # two features
    (np.zeros((5, 1)), np.zeros(4), {"a": np.zeros((2, 2))}, ValueError),  # sizes disagree
    (np.zeros((5, 1)), np.zeros(5), {"a": np.zeros((2, 3))}, ValueError),  # path not (w, b)
    (np.zeros((5, 1)), np.zeros(5), {}, TypeError),
    (np.zeros((5, 1)), np.zeros(5), [np.zeros((2, 2))], TypeError),
])
def test_plot_descent_paths_rejects_bad_input(X, y, paths, error):
    with pytest.raises(error):
        plots.plot_descent_paths(X, y, paths)


def test_plot_against_batch_size():
    ax = plots.plot_against_batch_size([1, 4, 16], {"a": [0.1, 0.5, 0.9], "b": [0.2, 0.3, 0.4]},
                                       ylabel="cosine", title="t")
    _labelled(ax)
    assert ax.get_xscale() == "log" and len(ax.get_lines()) == 2
    ax = plots.plot_against_batch_size([1, 4], {"a": [10.0, 100.0]}, ylabel="samples/s", title="t", logy=True)
    assert ax.get_yscale() == "log"


@pytest.mark.parametrize("sizes, series, error", [
    ([1, 4], {"a": [1.0]}, ValueError),  # one value missing
    ([0, 4], {"a": [1.0, 2.0]}, ValueError),  # batch size 0
    ([], {"a": []}, ValueError),
    ([1, 4], {}, TypeError),
    ([1, 4], [1.0, 2.0], TypeError),
])
def test_plot_against_batch_size_rejects_bad_input(sizes, series, error):
    with pytest.raises(error):
        plots.plot_against_batch_size(sizes, series, ylabel="y", title="t")


def test_plot_loss_curves_per_update_and_per_epoch():
    losses = {"batch_size=1": np.linspace(2.0, 0.1, 9), "full batch": [2.0, 1.5, 1.2]}
    updates = {"batch_size=1": 4, "full batch": 1}
    ax = plots.plot_loss_curves(losses, updates, per="update")
    _labelled(ax)
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [9, 3]
    ax = plots.plot_loss_curves(losses, updates, per="epoch")
    _labelled(ax)
    first = ax.get_lines()[0]
    assert list(first.get_xdata()) == [0, 1, 2]  # 8 updates = 2 epochs of 4
    assert np.allclose(first.get_ydata(), np.linspace(2.0, 0.1, 9)[[0, 4, 8]])


@pytest.mark.parametrize("losses, updates, per, error", [
    ({"a": [1.0, 0.5]}, {"a": 1}, "step", ValueError),
    ({"a": [1.0, 0.5]}, {}, "update", ValueError),
    ({"a": [1.0, 0.5]}, {"a": 0}, "epoch", ValueError),
    ({"a": []}, {"a": 1}, "update", ValueError),
    ({}, {}, "update", TypeError),
])
def test_plot_loss_curves_rejects_bad_input(losses, updates, per, error):
    with pytest.raises(error):
        plots.plot_loss_curves(losses, updates, per=per)


# ---------------------------------------------------------------- helpers.reference.lesson02


def test_reference_import_does_no_work():
    code = ("import sys; import helpers.reference.lesson02; "
            "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]; "
            "assert heavy == [], heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reference_minibatch_sgd_small_case_by_hand():
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([[3.0], [5.0], [7.0]])  # (num_samples, 1) is flattened
    w0 = np.array([0.0])
    # batch [1, 2]: residuals -3, -5 -> grad_w = 2 * (-3 - 10) / 2 = -13, grad_b = 2 * (-8) / 2 = -8
    # batch [3] (partial, kept) after w = 1.3, b = 0.8: residual 3.9 + 0.8 - 7 = -2.3 -> grad_w = -13.8, grad_b = -4.6
    w, b = reference.minibatch_sgd(X, y, w0, 0.0, 0.1, 2, 1)
    assert np.allclose(w, [1.3 + 1.38]) and abs(b - (0.8 + 0.46)) < 1e-12
    assert np.array_equal(w0, [0.0])  # not modified
    assert isinstance(b, float) and w.shape == (1,)


def test_reference_minibatch_sgd_full_batch_is_gradient_descent():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    w, b = reference.minibatch_sgd(X, y, np.zeros(2), 0.0, 0.05, 10, 3)
    w_gd, b_gd = np.zeros(2), 0.0
    for _ in range(3):
        r = X @ w_gd + b_gd - y
        w_gd, b_gd = w_gd - 0.05 * 2 * X.T @ r / 10, b_gd - 0.05 * 2 * r.mean()
    assert np.allclose(w, w_gd) and abs(b - b_gd) < 1e-12


def test_reference_gradient_cosine():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=(20, 1))
    assert abs(reference.gradient_cosine(X, y, np.zeros(2), 0.0, 20, 3, 0) - 1.0) < 1e-12
    # one draw of batch_size 1: the cosine of that sample's gradient, computed independently
    pick = np.random.default_rng(5).choice(20, size=1, replace=False)
    r, r_i = X @ [0.3, -0.2] + 0.1 - y[:, 0], X[pick] @ [0.3, -0.2] + 0.1 - y[pick, 0]
    G = np.append(2 * X.T @ r / 20, 2 * r.mean())
    g = np.append(2 * X[pick].T @ r_i, 2 * r_i.sum())
    expected = g @ G / np.linalg.norm(g) / np.linalg.norm(G)
    got = reference.gradient_cosine(X, y, [0.3, -0.2], 0.1, 1, 1, 5)
    assert isinstance(got, float) and abs(got - expected) < 1e-12
    many = reference.gradient_cosine(X, y, [0.3, -0.2], 0.1, 4, 50, 2)
    assert -1.0 <= many <= 1.0 and many == reference.gradient_cosine(X, y, [0.3, -0.2], 0.1, 4, 50, 2)


@pytest.mark.parametrize("args, error", [
    ((np.zeros(5), np.zeros(5), np.zeros(1), 0.0, 0.1, 2, 1), ValueError),  # X has no feature axis
    ((np.zeros((5, 2)), np.zeros(4), np.zeros(2), 0.0, 0.1, 2, 1), ValueError),  # y has 4 samples
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(3), 0.0, 0.1, 2, 1), ValueError),  # 3 weights, 2 features
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 0, 1), ValueError),  # batch_size 0
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 2.0, 1), TypeError),  # batch_size a float
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 2, True), TypeError),  # epochs a bool
    (("X", np.zeros(5), np.zeros(2), 0.0, 0.1, 2, 1), TypeError),
])
def test_reference_minibatch_sgd_rejects_bad_input(args, error):
    with pytest.raises(error):
        reference.minibatch_sgd(*args)


@pytest.mark.parametrize("args, error", [
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 6, 3, 0), ValueError),  # batch_size > num_samples
    ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 2, 0, 0), ValueError),  # no draws
    ((np.zeros((5, 2)), np.zeros(6), np.zeros(2), 0.0, 2, 3, 0), ValueError),  # y has 6 samples
    ((np.zeros((5, 2)), None, np.zeros(2), 0.0, 2, 3, 0), TypeError),
])
def test_reference_gradient_cosine_rejects_bad_input(args, error):
    with pytest.raises(error):
        reference.gradient_cosine(*args)
