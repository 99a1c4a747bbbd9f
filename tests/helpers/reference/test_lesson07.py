"""helpers.reference.lesson07: unit tests, bad input included."""

import numpy as np
import pytest


def test_reference_chronological_split_is_in_time_order():
    from helpers.reference import lesson07

    X, y = np.arange(20).reshape(20, 1), np.arange(20) + 100
    parts = lesson07.chronological_split(X, y, (0.5, 0.25, 0.25))
    assert [p[0].ravel().tolist() for p in parts] == [
        list(range(10)),
        list(range(10, 15)),
        list(range(15, 20)),
    ]
    assert np.array_equal(parts[2][1], np.arange(115, 120))


@pytest.mark.parametrize(
    "X, y, fractions",
    [
        (np.zeros((5, 1)), np.zeros(4), (0.6, 0.2, 0.2)),  # lengths differ
        (np.zeros((5, 1)), np.zeros(5), (1.2, -0.1, -0.1)),  # negative fraction
    ],
)
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
    X = np.arange(60, dtype="float32").reshape(10, 3, 2)
    lstm = lesson07.build_normalized_lstm(X, 4, units=3)
    assert [type(layer).__name__ for layer in lstm.layers] == ["Normalization", "LSTM", "Dense"]
    assert np.allclose(np.ravel(lstm.layers[0].mean), X[:4].reshape(-1, 2).mean(axis=0))
    assert tuple(lstm(X[:2]).shape) == (2, 1) and isinstance(lstm.optimizer, keras.optimizers.Adam)


@pytest.mark.parametrize(
    "X, num_train",
    [
        (np.zeros((10, 3)), 5),  # not 3-D
        (np.zeros((10, 3, 2)), 0),  # no training window
        (np.zeros((10, 3, 2)), 11),  # more training windows than windows
    ],
)
def test_reference_normalized_lstm_rejects_bad_input(X, num_train):
    from helpers.reference import lesson07

    with pytest.raises(ValueError):
        lesson07.build_normalized_lstm(X, num_train)
