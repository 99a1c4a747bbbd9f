"""helpers.plots: the course style; every figure titled, labelled, with a legend."""

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import plots  # noqa: E402
from tests.support import legend_texts  # noqa: E402


def test_use_course_style_sets_rcparams():
    plots.use_course_style()
    assert matplotlib.rcParams["axes.spines.top"] is False


def test_plot_batches_table_is_labelled_and_marks_every_batch():
    import matplotlib.pyplot as plt

    ax = plots.plot_batches_table(num_samples=52, num_inputs=3, num_targets=1, batch_size=5)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert ax.get_legend() is not None
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == 11 and labels[-1] == "batch 11: rows 51-52"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x1", "x2", "x3", "y1"]
    fig, own = plt.subplots()
    assert plots.plot_batches_table(ax=own) is own
    plt.close("all")


def test_plot_batches_table_rejects_bad_sizes():
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        plots.plot_batches_table(batch_size=0)


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


def test_sequence_cube_is_labelled_with_the_three_axes():
    ax = plots.plot_sequence_cube(batch_size=4, timesteps=6, num_features=3, highlight=1, step=2)
    assert ax.get_title() == "x.shape = (batch_size, timesteps, num_features) = (4, 6, 3)"
    assert "timesteps = 6" in ax.get_xlabel()
    assert "num_features = 3" in ax.get_ylabel()
    assert any("batch_size = 4" in t.get_text() for t in ax.texts)
    legend = legend_texts(ax)
    assert any("x[1]" in t for t in legend)
    assert any("x[:, 2, :]" in t for t in legend)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(t) for t in range(6)]


def test_sequence_cube_draws_every_visible_face_and_the_highlighted_slice():
    batch_size, timesteps, num_features = 3, 5, 2
    ax = plots.plot_sequence_cube(batch_size, timesteps, num_features, highlight=0)
    # front face + top faces + right faces + the pulled-out highlighted sequence
    expected = (timesteps * num_features + batch_size * timesteps + batch_size * num_features
                + timesteps * num_features)
    assert len(ax.patches) == expected
    assert any("x[0]: shape (5, 2)" in t.get_text() for t in ax.texts)


def test_sequence_cube_without_highlight_or_step():
    ax = plots.plot_sequence_cube(2, 3, 1, highlight=None, step=None)
    assert legend_texts(ax) == ["the other, independent sequences"]
    assert len(ax.patches) == 3 * 1 + 2 * 3 + 2 * 1


def test_sequence_cube_draws_on_a_given_axes():
    fig, own = plt.subplots()
    assert plots.plot_sequence_cube(ax=own) is own


@pytest.mark.parametrize("kwargs, error", [
    ({"batch_size": 0}, ValueError),
    ({"timesteps": -1}, ValueError),
    ({"num_features": 2.5}, TypeError),
    ({"batch_size": True}, TypeError),
    ({"highlight": 4}, ValueError),     # default batch_size is 4: valid are 0..3
    ({"highlight": -1}, ValueError),
    ({"highlight": 1.0}, TypeError),
    ({"step": 6}, ValueError),          # default timesteps is 6
    ({"step": "2"}, TypeError),
])
def test_sequence_cube_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        plots.plot_sequence_cube(**kwargs)


def _layout(length, batch_size, num_steps):
    num_batches = length // (batch_size * num_steps)
    rows = np.arange(num_batches * batch_size * num_steps).reshape(batch_size, num_batches, num_steps)
    return rows.transpose(1, 0, 2)


def test_tbptt_layout_labels_every_cell_with_its_position():
    batches = _layout(24, 2, 3)
    ax = plots.plot_tbptt_layout(batches)
    labels = [t.get_text() for t in ax.texts]
    for value in range(24):
        assert str(value) in labels
    for k in range(4):
        assert f"batch {k}" in labels
    assert ax.get_title() == "batches.shape = (num_batches, batch_size, num_steps) = (4, 2, 3)"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["row 0", "row 1"]


def test_tbptt_layout_colours_one_band_per_original_row():
    ax = plots.plot_tbptt_layout(_layout(24, 2, 3))
    assert legend_texts(ax) == ["positions 0-11", "positions 12-23"]
    # 24 cells + one frame per batch
    assert len(ax.patches) == 24 + 4


def test_tbptt_layout_takes_a_title_an_axes_and_any_layout():
    fig, own = plt.subplots()
    wrong = np.arange(24).reshape(4, 2, 3)
    assert plots.plot_tbptt_layout(wrong, ax=own, title="side by side") is own
    assert own.get_title() == "side by side"
    assert plots.plot_tbptt_layout(wrong.tolist()).get_title().endswith("(4, 2, 3)")


@pytest.mark.parametrize("bad, error", [
    (np.arange(6), ValueError),
    (np.arange(6).reshape(2, 3), ValueError),
    (np.zeros((0, 2, 3)), ValueError),
    ("abc", TypeError),
    (None, TypeError),
    ([[[0, 1], [2]]], TypeError),
])
def test_tbptt_layout_rejects_bad_input(bad, error):
    with pytest.raises(error):
        plots.plot_tbptt_layout(bad)


def test_plot_padding_cost_labels_bars_and_legend():
    ax = plots.plot_padding_cost(["a", "b", "c"], [2.0, 0.5, 0.25], [0.0, 0.0, 0.4])
    try:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
        assert ax.get_legend() is not None
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


@pytest.mark.parametrize("args", [
    ([], [], []),
    (["a", "b"], [1.0], [0.0, 0.0]),
    (["a"], [-1.0], [0.0]),
    (["a"], [1.0], [1.5]),
    (["a"], [float("nan")], [0.0]),
])
def test_plot_padding_cost_rejects_bad_input(args):
    with pytest.raises(ValueError):
        plots.plot_padding_cost(*args)
    plt.close("all")


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


HISTORIES = {
    "batch 8": {"loss": [0.8, 0.4, 0.2], "val_loss": [0.6, 0.35, 0.25]},
    "batch 512": {"loss": [1.0, 0.9, 0.85], "val_loss": [0.9, 0.88, 0.86]},
}


def test_one_solid_train_and_one_dashed_validation_line_per_run_in_one_colour():
    ax = plots.plot_histories(HISTORIES)
    lines = ax.get_lines()
    assert len(lines) == 4
    assert legend_texts(ax) == ["batch 8: train", "batch 8: validation",
                                 "batch 512: train", "batch 512: validation"]
    train, val = lines[0], lines[1]
    assert train.get_linestyle() == "-" and val.get_linestyle() == "--"
    assert train.get_color() == val.get_color() != lines[2].get_color()
    np.testing.assert_allclose(train.get_ydata(), [0.8, 0.4, 0.2])
    np.testing.assert_allclose(val.get_ydata(), [0.6, 0.35, 0.25])


def test_default_axes_are_epochs_with_labels_title_and_log_loss():
    ax = plots.plot_histories(HISTORIES)
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [1, 2, 3])
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "loss"
    assert ax.get_title() == "Training and validation loss"
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"


def test_updates_per_epoch_puts_each_epoch_at_its_update_count():
    ax = plots.plot_histories(HISTORIES, updates_per_epoch={"batch 8": 64, "batch 512": 1},
                              title="by updates", ylabel="MSE", logy=False)
    lines = ax.get_lines()
    np.testing.assert_array_equal(lines[0].get_xdata(), [64, 128, 192])
    np.testing.assert_array_equal(lines[2].get_xdata(), [1, 2, 3])
    assert "updates" in ax.get_xlabel() and ax.get_xscale() == "log"
    assert ax.get_title() == "by updates" and ax.get_ylabel() == "MSE"
    assert ax.get_yscale() == "linear"


def test_one_int_updates_per_epoch_applies_to_every_run():
    ax = plots.plot_histories(HISTORIES, updates_per_epoch=10)
    assert [list(line.get_xdata()) for line in ax.get_lines()[::2]] == [[10, 20, 30]] * 2


def test_draws_on_a_given_axes_and_accepts_numpy_lists_of_any_length():
    _, ax = plt.subplots()
    histories = {"a": {"loss": np.array([0.5]), "val_loss": np.array([0.6])},
                 "b": {"loss": list(np.linspace(1, 0.1, 40)), "val_loss": list(np.linspace(1, 0.2, 40))}}
    assert plots.plot_histories(histories, ax=ax) is ax
    assert len(ax.get_lines()) == 4


def test_keras_history_dict_with_extra_keys_is_accepted():
    history = {"loss": [0.3, 0.2], "val_loss": [0.4, 0.3], "mae": [0.5, 0.4], "val_mae": [0.6, 0.5]}
    ax = plots.plot_histories({"run": history})
    assert len(ax.get_lines()) == 2


@pytest.mark.parametrize("histories, error, match", [
    ({}, TypeError, "non-empty dict"),
    ([HISTORIES["batch 8"]], TypeError, "non-empty dict"),
    (None, TypeError, "non-empty dict"),
    ({"run": [0.1, 0.2]}, TypeError, "History.history"),
    ({"run": {"loss": [0.1, 0.2]}}, ValueError, "val_loss"),
    ({"run": {"val_loss": [0.1]}}, ValueError, "loss"),
    ({"run": {"loss": [], "val_loss": []}}, ValueError, "non-empty"),
    ({"run": {"loss": [0.3, 0.2], "val_loss": [0.4]}}, ValueError, "equal length"),
])
def test_bad_histories_raise_a_clear_error(histories, error, match):
    with pytest.raises(error, match=match):
        plots.plot_histories(histories)


@pytest.mark.parametrize("updates_per_epoch, error, match", [
    ({"batch 8": 64}, ValueError, "batch 512"),
    ({"batch 8": 64, "batch 512": 0}, ValueError, ">= 1"),
    (2.5, TypeError, "int"),
    ({"batch 8": 64, "batch 512": True}, TypeError, "int"),
])
def test_bad_updates_per_epoch_raise_a_clear_error(updates_per_epoch, error, match):
    with pytest.raises(error, match=match):
        plots.plot_histories(HISTORIES, updates_per_epoch=updates_per_epoch)


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


@pytest.mark.parametrize("curves, error, match", [
    ({}, TypeError, "non-empty dict"),
    ([[0.1, 0.2]], TypeError, "non-empty dict"),
    ({"a": [0.1, 0.2]}, ValueError, "2-D"),
    ({"a": [[]]}, ValueError, "2-D"),
])
def test_bad_seed_curves_raise_a_clear_error(curves, error, match):
    with pytest.raises(error, match=match):
        plots.plot_seed_curves(curves)


def _shown(monkeypatch, **kwargs):
    """What plots.show displays: (bundle, metadata)."""
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, metadata=None, raw=False: shown.append((data, metadata, raw)))
    plots.show(**kwargs)
    assert len(shown) == 1 and shown[0][2] is True
    return shown[0][0], shown[0][1]


def test_show_displays_an_image_with_its_alt_text_and_closes_the_figure(monkeypatch):
    import base64
    import re

    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], label="loss")
    alt = 'Line chart of "loss" <falling> over three epochs, from 1 to 3.'
    bundle, metadata = _shown(monkeypatch, fig=ax, alt=alt)
    img = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)"/>', bundle["text/html"])
    assert img, bundle["text/html"][:80]
    assert base64.b64decode(img.group(1))[:8] == b"\x89PNG\r\n\x1a\n"
    assert img.group(2) == "Line chart of &quot;loss&quot; &lt;falling&gt; over three epochs, from 1 to 3."
    assert metadata == {"text/html": {"alt": alt}}
    assert bundle["text/plain"] == f"[figure] {alt}"
    assert not plt.fignum_exists(fig.number)


def test_show_uses_the_current_figure_and_joins_the_lines_of_alt(monkeypatch):
    fig, _ = plt.subplots()
    _, metadata = _shown(monkeypatch, alt="Bar chart of the\n   updates per epoch for four batch sizes.")
    assert metadata["text/html"]["alt"] == "Bar chart of the updates per epoch for four batch sizes."
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize("alt, error, match", [
    ("", ValueError, "at least 8 words; got 0"),
    ("Loss curve.", ValueError, "at least 8 words; got 2: 'Loss curve.'"),
    (None, TypeError, "alt must be a string that says what the figure shows; got NoneType"),
])
def test_show_refuses_a_figure_without_real_alt_text(monkeypatch, alt, error, match):
    plt.subplots()
    with pytest.raises(error, match=re.escape(match)):
        _shown(monkeypatch, alt=alt)
    plt.close("all")
