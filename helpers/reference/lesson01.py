"""Lesson 01's reference model, so its demos run while exercise 1.2 is still blank.

The lesson's demos need the model of exercise 1.2 (``build_mlp``); they call this one, never
the learner's. Keras is imported inside the function: importing this module does no work.
"""

from ..shapes import require_positive_int

__all__ = ["build_mlp"]


def build_mlp(num_features, hidden_units):
    """Build and compile Input(num_features) -> Dense(hidden_units, relu) -> Dense(1).

    Args:
        num_features: features per sample, an int >= 1; the input shape is
            ``(None, num_features)``.
        hidden_units: units of the hidden Dense layer, an int >= 1.

    Returns:
        keras.Model: compiled with ``optimizer="sgd"`` and ``loss="mse"``; maps
        ``(batch_size, num_features)`` to ``(batch_size, 1)``.

    Raises:
        TypeError: when a size is not an int.
        ValueError: when a size is < 1.
    """
    num_features = require_positive_int(num_features, "num_features")
    hidden_units = require_positive_int(hidden_units, "hidden_units")
    import keras

    model = keras.Sequential(
        [
            keras.Input(shape=(num_features,)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    return model
