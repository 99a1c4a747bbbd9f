"""Reference answers to lesson 07's exercises, for the demos that need them.

The lesson's demos call these, never the learner's functions, so the student notebook runs top
to bottom while an exercise is still blank.
"""

import numpy as np

__all__ = ["build_linear_autoregression", "build_normalized_lstm", "chronological_split"]


def chronological_split(X, y, fractions):
    """Split samples in time order into train, validation and test parts, without shuffling.

    Args:
        X: array of shape ``(num_samples, ...)``, samples in time order.
        y: array of shape ``(num_samples, ...)``, aligned with ``X``.
        fractions: ``(train_fraction, val_fraction, test_fraction)``; the first
            ``int(fractions[0] * num_samples)`` samples train, the next
            ``int(fractions[1] * num_samples)`` validate, the rest test.

    Returns:
        tuple: ``((X_train, y_train), (X_val, y_val), (X_test, y_test))``, consecutive slices.

    Raises:
        ValueError: when ``X`` and ``y`` differ in length or a fraction is negative.
    """
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length; got {len(X)} and {len(y)}")
    if min(fractions) < 0:
        raise ValueError(f"fractions must be >= 0; got {fractions}")
    num_train = int(fractions[0] * len(X))
    end_val = num_train + int(fractions[1] * len(X))
    return (
        (X[:num_train], y[:num_train]),
        (X[num_train:end_val], y[num_train:end_val]),
        (X[end_val:], y[end_val:]),
    )


def build_linear_autoregression(time_step, num_features, learning_rate=0.05):
    """A linear model of all ``time_step`` lags of all features: Flatten -> Dense(1).

    Args:
        time_step: rows per window (``timesteps``).
        num_features: columns per row.
        learning_rate: Adam's learning rate.

    Returns:
        keras.Model: ``(batch_size, time_step, num_features) -> (batch_size, 1)``, compiled with
        Adam and ``loss="mse"``; ``time_step * num_features + 1`` parameters.
    """
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(time_step, num_features)),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return model


def build_normalized_lstm(X, num_train, units=8, learning_rate=0.01):
    """Normalization adapted on the first ``num_train`` windows -> LSTM(units) -> Dense(1).

    Args:
        X: all windows in time order, shape ``(num_samples, timesteps, num_features)``.
        num_train: how many leading windows are training windows (the only ones adapted on).
        units: width of the LSTM.
        learning_rate: Adam's learning rate.

    Returns:
        keras.Model: compiled with Adam and ``loss="mse"``; its Normalization layer holds one
        mean and one variance per feature, from ``X[:num_train]`` only.

    Raises:
        ValueError: when ``X`` is not 3-D or ``num_train`` is not in ``1 .. len(X)``.
    """
    import keras

    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(f"X must be (num_samples, timesteps, num_features); got shape {X.shape}")
    if not 1 <= num_train <= len(X):
        raise ValueError(f"num_train must be in 1 .. {len(X)}; got {num_train}")
    normalize = keras.layers.Normalization(axis=-1)
    normalize.adapt(X[:num_train])
    model = keras.Sequential(
        [
            keras.Input(shape=X.shape[1:]),
            normalize,
            keras.layers.LSTM(
                units
            ),  # (batch_size, timesteps, num_features) -> (batch_size, units)
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
    return model
