"""helpers.reference.lesson08: unit tests, bad input included."""

import numpy as np
import pytest


def test_reference_linear_warmup_ramps_then_stays_and_rebuilds_from_its_config():
    import keras

    from helpers.reference import lesson08

    schedule = lesson08.linear_warmup(0.1, 0.5, 4)
    assert isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule)
    np.testing.assert_allclose(
        [float(schedule(s)) for s in (0, 2, 4, 9)], [0.1, 0.3, 0.5, 0.5], rtol=1e-6
    )
    rebuilt = type(schedule).from_config(schedule.get_config())
    assert float(rebuilt(1)) == pytest.approx(0.2)


@pytest.mark.parametrize(
    "args", [(0.1, 0.5, 0), (0.1, 0.5, 2.0), (0.1, 0.5, True), (0.0, 0.5, 3), (0.1, -1.0, 3)]
)
def test_reference_linear_warmup_rejects_bad_arguments(args):
    from helpers.reference import lesson08

    with pytest.raises(ValueError):
        lesson08.linear_warmup(*args)


def test_reference_fit_until_loss_stops_at_the_target_and_counts_updates():
    import keras

    from helpers.reference import lesson08

    x = np.linspace(-1, 1, 32, dtype="float32").reshape(-1, 1)
    model = keras.Sequential(
        [keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")]
    )
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
    result = lesson08.fit_until_loss(model, x, 2 * x, 32, 0.01, 20)
    assert result["reached"] and result["train_loss"] <= 0.01
    assert (
        result["updates"] == result["epochs"] == 6
    )  # full batch: w -> 2 by factor 1 - 2 * 0.5 * mean(x^2)
    assert result["train_loss"] == pytest.approx(
        model.evaluate(x, 2 * x, batch_size=32, verbose=0), rel=1e-4
    )
    unreachable = lesson08.fit_until_loss(model, x, np.sin(6 * x), 8, 0.0, 2)
    assert unreachable == {**unreachable, "epochs": 2, "updates": 8, "reached": False}
