"""Unit tests of the helpers added for lessons 06-07 (sliding windows, a real forecast): the shipped data,
its loader, and three figures in helpers.plots -- including bad input."""

import hashlib
from importlib import resources
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tests.support import legend_texts  # noqa: E402
from helpers import data, plots  # noqa: E402

DATASETS = Path(data.__file__).resolve().parent / "datasets"
SUNSPOTS_SHA256 = "f67889b1d9002cd5227f0e0ef54e35b419cdd85a31279adef6f73fb41e5c0a9b"


# --- helpers/datasets/sunspots.csv and data.load_sunspots ----------------------------------


def test_sunspots_csv_is_the_unchanged_statsmodels_file():
    raw = (DATASETS / "sunspots.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SUNSPOTS_SHA256
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == '"YEAR","SUNACTIVITY"' and len(lines) == 310


def test_datasets_readme_states_source_licence_and_how_it_was_obtained():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert "sunspots.csv" in text
    assert "National Geophysical Data Center" in text and "NOAA" in text
    assert "This data is public domain." in text
    assert "pip download --no-deps statsmodels==0.15.0" in text
    assert SUNSPOTS_SHA256 in text


def test_sunspots_csv_is_reachable_as_package_data():
    source = resources.files("helpers") / "datasets" / "sunspots.csv"
    assert source.is_file()


def test_load_sunspots_returns_309_years_and_values():
    years, values = data.load_sunspots()
    assert years.shape == values.shape == (309,)
    assert years.dtype == np.int64 and values.dtype == np.float32
    assert np.array_equal(years, np.arange(1700, 2009))
    assert np.all(np.isfinite(values)) and values.min() == 0.0
    assert values.max() == np.float32(190.2)
    assert values[:4].tolist() == [5.0, 11.0, 16.0, 23.0]
    assert values[-1] == np.float32(2.9)


def test_load_sunspots_returns_fresh_arrays():
    years, values = data.load_sunspots()
    values[:] = -1.0
    years[:] = 0
    again_years, again_values = data.load_sunspots()
    assert again_values[0] == 5.0 and again_years[0] == 1700


def test_load_sunspots_is_exported():
    assert "load_sunspots" in data.__all__


# --- plots.plot_sliding_windows --------------------------------------------------------------


def test_sliding_windows_default_is_the_seed_picture():
    ax = plots.plot_sliding_windows()
    assert ax.get_title() == "30 rows, time_step=5, stride=1 -> 26 windows"
    assert [t.get_text() for t in ax.get_xticklabels()] == list("bcdefgh")
    assert "num_features = 7" in ax.get_xlabel() and ax.get_ylabel() == "rows (time): 30"
    texts = [t.get_text() for t in ax.texts]
    assert "window 1: rows 1-5" in texts and "window 3: rows 3-7" in texts
    assert "window 26: rows 26-30" in texts  # the last window, dashed
    assert any("(26, 5, 7)" in t for t in texts)
    assert len(legend_texts(ax)) == 2


def test_sliding_windows_with_a_target_drops_the_windows_without_one():
    ax = plots.plot_sliding_windows(target_column=0, horizon=1)
    assert ax.get_title() == "30 rows, time_step=5, stride=1 -> 25 windows with a target 1 row ahead"
    texts = [t.get_text() for t in ax.texts]
    assert "window 1: rows 1-5 -> target row 6" in texts
    assert "window 25: rows 25-29 -> target row 30" in texts
    assert "its target" in legend_texts(ax)
    ax = plots.plot_sliding_windows(num_rows=12, num_features=2, time_step=3, target_column=1, horizon=4)
    assert ax.get_title().endswith("-> 6 windows with a target 4 rows ahead")


def test_sliding_windows_with_a_stride():
    ax = plots.plot_sliding_windows(num_rows=30, time_step=5, stride=2, num_shown=2)
    assert ax.get_title() == "30 rows, time_step=5, stride=2 -> 13 windows"
    texts = [t.get_text() for t in ax.texts]
    assert "window 2: rows 3-7" in texts and "window 13: rows 25-29" in texts


def test_sliding_windows_with_one_window_and_more_shown_than_exist():
    ax = plots.plot_sliding_windows(num_rows=5, num_features=1, time_step=5, num_shown=3)
    assert ax.get_title().endswith("-> 1 window")
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("window")] == ["window 1: rows 1-5"]


def test_sliding_windows_draws_on_a_given_axes():
    _, ax = plt.subplots()
    assert plots.plot_sliding_windows(ax=ax) is ax


@pytest.mark.parametrize("kwargs, error", [
    ({"num_rows": 4, "time_step": 5}, ValueError),
    ({"num_rows": 0}, ValueError),
    ({"time_step": 0}, ValueError),
    ({"stride": 0}, ValueError),
    ({"num_shown": 0}, ValueError),
    ({"horizon": 0, "target_column": 0}, ValueError),
    ({"num_features": 2.5}, TypeError),
    ({"target_column": 7}, ValueError),
    ({"target_column": -1}, ValueError),
    ({"target_column": "b"}, TypeError),
    ({"target_column": True}, TypeError),
])
def test_sliding_windows_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        plots.plot_sliding_windows(**kwargs)


# --- plots.plot_split_series -----------------------------------------------------------------


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


@pytest.mark.parametrize("x, values, sizes", [
    (np.arange(10), np.arange(9.0), (5, 2, 2)),         # lengths differ
    (np.arange(10), np.arange(10.0), (5, 2, 2)),        # sizes do not add up
    (np.arange(10), np.arange(10.0), (5, 5)),           # two sizes
    (np.arange(10), np.arange(10.0), (12, -1, -1)),     # negative size
    (np.zeros((5, 2)), np.zeros((5, 2)), (3, 1, 1)),    # not 1-D
])
def test_split_series_rejects_bad_input(x, values, sizes):
    with pytest.raises(ValueError):
        plots.plot_split_series(x, values, sizes)


# --- plots.plot_forecast ---------------------------------------------------------------------


def test_forecast_plots_truth_and_every_forecast():
    x = np.arange(5)
    ax = plots.plot_forecast(x, np.arange(5.0), {"LSTM": np.ones((5, 1)), "naive": np.zeros(5)},
                             xlabel="year", ylabel="sunspots", title="T")
    assert legend_texts(ax) == ["truth", "LSTM", "naive"]
    assert len(ax.get_lines()) == 3
    assert np.array_equal(ax.get_lines()[1].get_ydata(), np.ones(5))
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "year", "sunspots")


@pytest.mark.parametrize("x, truth, forecasts", [
    (np.arange(5), np.arange(5.0), {}),                       # nothing to compare
    (np.arange(5), np.arange(4.0), {"a": np.zeros(5)}),       # truth too short
    (np.arange(5), np.arange(5.0), {"a": np.zeros(6)}),       # forecast too long
    (np.zeros((5, 2)), np.zeros(10), {"a": np.zeros(10)}),    # x not 1-D
])
def test_forecast_rejects_bad_input(x, truth, forecasts):
    with pytest.raises(ValueError):
        plots.plot_forecast(x, truth, forecasts)


# --- helpers/datasets/macrodata.csv and data.load_macrodata (lesson 07) ----------------------

MACRODATA_SHA256 = "d93c0d3a7a77ef83c3af14e46032bb1d02ae3a512b22ab94159a8ca226fcf708"


def test_macrodata_csv_is_the_unchanged_statsmodels_file():
    raw = (DATASETS / "macrodata.csv").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == MACRODATA_SHA256
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0].startswith('"year","quarter","realgdp"') and len(lines) == 204


def test_datasets_readme_states_macrodata_source_and_licence():
    text = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert "macrodata.csv" in text and "FRED" in text and "Bureau of Labor Statistics" in text
    assert "This is public domain." in text and MACRODATA_SHA256 in text


def test_load_macrodata_returns_203_quarters_and_12_series():
    quarters, columns, values = data.load_macrodata()
    assert quarters.shape == (203,) and quarters.dtype == np.float64
    assert quarters[0] == 1959.0 and quarters[1] == 1959.25 and quarters[-1] == 2009.5
    assert np.all(np.diff(quarters) == 0.25)
    assert columns == ("realgdp", "realcons", "realinv", "realgovt", "realdpi", "cpi", "m1",
                       "tbilrate", "unemp", "pop", "infl", "realint")
    assert values.shape == (203, 12) and values.dtype == np.float32 and np.all(np.isfinite(values))
    assert values[0, columns.index("unemp")] == np.float32(5.8)
    assert values[0, columns.index("realgdp")] == np.float32(2710.349)


def test_load_macrodata_returns_fresh_arrays_and_is_exported():
    _, _, values = data.load_macrodata()
    values[:] = -1.0
    assert data.load_macrodata()[2][0, 0] == np.float32(2710.349)
    assert "load_macrodata" in data.__all__


# --- helpers.reference.lesson07 ---------------------------------------------------------------


def test_reference_chronological_split_is_in_time_order():
    from helpers.reference import lesson07

    X, y = np.arange(20).reshape(20, 1), np.arange(20) + 100
    parts = lesson07.chronological_split(X, y, (0.5, 0.25, 0.25))
    assert [p[0].ravel().tolist() for p in parts] == [list(range(10)), list(range(10, 15)), list(range(15, 20))]
    assert np.array_equal(parts[2][1], np.arange(115, 120))


@pytest.mark.parametrize("X, y, fractions", [
    (np.zeros((5, 1)), np.zeros(4), (0.6, 0.2, 0.2)),     # lengths differ
    (np.zeros((5, 1)), np.zeros(5), (1.2, -0.1, -0.1)),   # negative fraction
])
def test_reference_chronological_split_rejects_bad_input(X, y, fractions):
    from helpers.reference import lesson07

    with pytest.raises(ValueError):
        lesson07.chronological_split(X, y, fractions)


def test_reference_models_have_the_stated_layers_and_statistics():
    import keras

    from helpers.reference import lesson07

    linear = lesson07.build_linear_autoregression(11, 2)
    assert [type(layer).__name__ for layer in linear.layers] == ["Flatten", "Dense"]
    assert linear.count_params() == 23 and tuple(linear.input_shape) == (None, 11, 2)
    X = (np.arange(60, dtype="float32").reshape(10, 3, 2))
    lstm = lesson07.build_normalized_lstm(X, 4, units=3)
    assert [type(layer).__name__ for layer in lstm.layers] == ["Normalization", "LSTM", "Dense"]
    assert np.allclose(np.ravel(lstm.layers[0].mean), X[:4].reshape(-1, 2).mean(axis=0))
    assert tuple(lstm(X[:2]).shape) == (2, 1) and isinstance(lstm.optimizer, keras.optimizers.Adam)


@pytest.mark.parametrize("X, num_train", [
    (np.zeros((10, 3)), 5),      # not 3-D
    (np.zeros((10, 3, 2)), 0),   # no training window
    (np.zeros((10, 3, 2)), 11),  # more training windows than windows
])
def test_reference_normalized_lstm_rejects_bad_input(X, num_train):
    from helpers.reference import lesson07

    with pytest.raises(ValueError):
        lesson07.build_normalized_lstm(X, num_train)
