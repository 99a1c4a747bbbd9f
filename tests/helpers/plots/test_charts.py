"""helpers.plots.charts: every chart titled, labelled, with a legend; bad input rejected."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402
from tests.support import legend_texts  # noqa: E402


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
    paths = {
        "full batch": np.array([[0.0, 0.0], [0.5, 0.3], [1.0, 0.6]]),
        "batch_size=1": [[0.0, 0.0], [0.8, -0.1]],
    }
    ax = plots.plot_descent_paths(X, y.reshape(-1, 1), paths)
    _labelled(ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "full batch (2 updates)" in labels and "batch_size=1 (1 updates)" in labels
    assert any("minimum" in label for label in labels)
    fig, given = plt.subplots()
    assert plots.plot_descent_paths(X[:, 0], y, paths, ax=given) is given


@pytest.mark.parametrize(
    "X, y, paths, error",
    [
        (np.zeros((5, 2)), np.zeros(5), {"a": np.zeros((2, 2))}, ValueError),  # two features
        (np.zeros((5, 1)), np.zeros(4), {"a": np.zeros((2, 2))}, ValueError),  # sizes disagree
        (np.zeros((5, 1)), np.zeros(5), {"a": np.zeros((2, 3))}, ValueError),  # path not (w, b)
        (np.zeros((5, 1)), np.zeros(5), {}, TypeError),
        (np.zeros((5, 1)), np.zeros(5), [np.zeros((2, 2))], TypeError),
    ],
)
def test_plot_descent_paths_rejects_bad_input(X, y, paths, error):
    with pytest.raises(error):
        plots.plot_descent_paths(X, y, paths)


def test_plot_against_batch_size():
    ax = plots.plot_against_batch_size(
        [1, 4, 16], {"a": [0.1, 0.5, 0.9], "b": [0.2, 0.3, 0.4]}, ylabel="cosine", title="t"
    )
    _labelled(ax)
    assert ax.get_xscale() == "log" and len(ax.get_lines()) == 2
    ax = plots.plot_against_batch_size(
        [1, 4], {"a": [10.0, 100.0]}, ylabel="samples/s", title="t", logy=True
    )
    assert ax.get_yscale() == "log"


@pytest.mark.parametrize(
    "sizes, series, error",
    [
        ([1, 4], {"a": [1.0]}, ValueError),  # one value missing
        ([0, 4], {"a": [1.0, 2.0]}, ValueError),  # batch size 0
        ([], {"a": []}, ValueError),
        ([1, 4], {}, TypeError),
        ([1, 4], [1.0, 2.0], TypeError),
    ],
)
def test_plot_against_batch_size_rejects_bad_input(sizes, series, error):
    with pytest.raises(error):
        plots.plot_against_batch_size(sizes, series, ylabel="y", title="t")


def test_plot_padding_cost_labels_bars_and_legend():
    ax = plots.plot_padding_cost(["a", "b", "c"], [2.0, 0.5, 0.25], [0.0, 0.0, 0.4])
    try:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
        assert ax.get_legend() is not None
        # the padded share is computed from the fraction, not measured: the legend says so
        assert any("estimate" in t.get_text() for t in ax.get_legend().get_texts())
        widths = sorted(round(p.get_width(), 6) for p in ax.patches)
        # real part and padded part of each bar: 2.0 + 0, 0.5 + 0, 0.15 + 0.1
        assert widths == sorted([2.0, 0.0, 0.5, 0.0, 0.15, 0.1])
    finally:
        plt.close(ax.figure)


def test_plot_padding_cost_draws_on_given_axes_with_title():
    fig, ax = plt.subplots()
    try:
        got = plots.plot_padding_cost(["x"], [1.0], [0.5], title="T", ax=ax)
        assert got is ax and ax.get_title() == "T"
    finally:
        plt.close(fig)


@pytest.mark.parametrize(
    "args",
    [
        ([], [], []),
        (["a", "b"], [1.0], [0.0, 0.0]),
        (["a"], [-1.0], [0.0]),
        (["a"], [1.0], [1.5]),
        (["a"], [float("nan")], [0.0]),
    ],
)
def test_plot_padding_cost_rejects_bad_input(args):
    with pytest.raises(ValueError):
        plots.plot_padding_cost(*args)
    plt.close("all")


def test_split_series_draws_three_parts_in_time_order():
    x = np.arange(1900, 1920)
    ax = plots.plot_split_series(x, np.sin(x), (14, 3, 3), xlabel="year", ylabel="value")
    lines = ax.get_lines()
    assert len(lines) == 3
    assert [len(line.get_xdata()) for line in lines] == [14, 3, 3]
    assert lines[1].get_xdata()[0] == 1914 and lines[2].get_xdata()[-1] == 1919
    assert legend_texts(ax) == ["train (14)", "validation (3)", "test (3)"]
    assert ax.get_title() == "chronological split: 14 / 3 / 3"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("year", "value")


def test_split_series_skips_an_empty_part():
    ax = plots.plot_split_series(np.arange(10), np.arange(10.0), (8, 2, 0), title="t")
    assert legend_texts(ax) == ["train (8)", "validation (2)"] and ax.get_title() == "t"


@pytest.mark.parametrize(
    "x, values, sizes",
    [
        (np.arange(10), np.arange(9.0), (5, 2, 2)),  # lengths differ
        (np.arange(10), np.arange(10.0), (5, 2, 2)),  # sizes do not add up
        (np.arange(10), np.arange(10.0), (5, 5)),  # two sizes
        (np.arange(10), np.arange(10.0), (12, -1, -1)),  # negative size
        (np.zeros((5, 2)), np.zeros((5, 2)), (3, 1, 1)),  # not 1-D
    ],
)
def test_split_series_rejects_bad_input(x, values, sizes):
    with pytest.raises(ValueError):
        plots.plot_split_series(x, values, sizes)


def test_forecast_plots_truth_and_every_forecast():
    x = np.arange(5)
    ax = plots.plot_forecast(
        x,
        np.arange(5.0),
        {"LSTM": np.ones((5, 1)), "naive": np.zeros(5)},
        xlabel="year",
        ylabel="sunspots",
        title="T",
    )
    assert legend_texts(ax) == ["truth", "LSTM", "naive"]
    assert len(ax.get_lines()) == 3
    assert np.array_equal(ax.get_lines()[1].get_ydata(), np.ones(5))
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "year", "sunspots")


@pytest.mark.parametrize(
    "x, truth, forecasts",
    [
        (np.arange(5), np.arange(5.0), {}),  # nothing to compare
        (np.arange(5), np.arange(4.0), {"a": np.zeros(5)}),  # truth too short
        (np.arange(5), np.arange(5.0), {"a": np.zeros(6)}),  # forecast too long
        (np.zeros((5, 2)), np.zeros(10), {"a": np.zeros(10)}),  # x not 1-D
    ],
)
def test_forecast_rejects_bad_input(x, truth, forecasts):
    with pytest.raises(ValueError):
        plots.plot_forecast(x, truth, forecasts)


SEED_CURVES = {"batch 64": [[0.9, 0.5, 0.2], [0.8, 0.4, 0.3]], "batch 512": [[1.0, 0.9, 0.8]]}


def test_seed_curves_draw_the_mean_and_a_min_max_band_with_integer_ticks():
    ax = plots.plot_seed_curves(SEED_CURVES, title="t", ylabel="MSE", logy=False)
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), [0.85, 0.45, 0.25])
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert np.isclose(band.min(), 0.2) and np.isclose(band.max(), 0.9)
    assert legend_texts(ax) == ["batch 64 (mean of 2)", "batch 512 (mean of 1)"]
    assert ax.get_title() == "t" and ax.get_ylabel() == "MSE" and ax.get_xlabel() == "epoch"
    assert ax.get_yscale() == "linear"
    assert all(float(tick).is_integer() for tick in ax.get_xticks())


def test_seed_curves_default_title_log_scale_and_given_axes():
    _, ax = plt.subplots()
    assert plots.plot_seed_curves({"a": np.ones((3, 5))}, ax=ax) is ax
    assert ax.get_yscale() == "log" and "seeds" in ax.get_title()


@pytest.mark.parametrize(
    "curves, error, match",
    [
        ({}, TypeError, "non-empty dict"),
        ([[0.1, 0.2]], TypeError, "non-empty dict"),
        ({"a": [0.1, 0.2]}, ValueError, "2-D"),
        ({"a": [[]]}, ValueError, "2-D"),
    ],
)
def test_bad_seed_curves_raise_a_clear_error(curves, error, match):
    with pytest.raises(error, match=match):
        plots.plot_seed_curves(curves)
