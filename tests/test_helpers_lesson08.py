"""Unit tests of the plotting helpers of lesson 08 (batch size and generalization):
plots.plot_histories and plots.plot_seed_curves -- including bad input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursetools import legend_texts  # noqa: E402
from helpers import plots  # noqa: E402

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


def test_reference_linear_warmup_ramps_then_stays_and_rebuilds_from_its_config():
    import keras

    from helpers.reference import lesson08

    schedule = lesson08.linear_warmup(0.1, 0.5, 4)
    assert isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule)
    np.testing.assert_allclose([float(schedule(s)) for s in (0, 2, 4, 9)], [0.1, 0.3, 0.5, 0.5], rtol=1e-6)
    rebuilt = type(schedule).from_config(schedule.get_config())
    assert float(rebuilt(1)) == pytest.approx(0.2)


@pytest.mark.parametrize("args", [(0.1, 0.5, 0), (0.1, 0.5, 2.0), (0.1, 0.5, True), (0.0, 0.5, 3), (0.1, -1.0, 3)])
def test_reference_linear_warmup_rejects_bad_arguments(args):
    from helpers.reference import lesson08

    with pytest.raises(ValueError):
        lesson08.linear_warmup(*args)


def test_reference_fit_until_loss_stops_at_the_target_and_counts_updates():
    import keras

    from helpers.reference import lesson08

    x = np.linspace(-1, 1, 32, dtype="float32").reshape(-1, 1)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
    result = lesson08.fit_until_loss(model, x, 2 * x, 32, 0.01, 20)
    assert result["reached"] and result["train_loss"] <= 0.01
    assert result["updates"] == result["epochs"] == 6  # full batch: w -> 2 by factor 1 - 2 * 0.5 * mean(x^2)
    assert result["train_loss"] == pytest.approx(model.evaluate(x, 2 * x, batch_size=32, verbose=0), rel=1e-4)
    unreachable = lesson08.fit_until_loss(model, x, np.sin(6 * x), 8, 0.0, 2)
    assert unreachable == {**unreachable, "epochs": 2, "updates": 8, "reached": False}
