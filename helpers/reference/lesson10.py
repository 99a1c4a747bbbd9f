"""Lesson 10's reference batch-of-one twin, so its demos run while exercise 10.2 is still blank.

The demo after exercise 10.2 needs a stateful model's batch-of-one twin (``stateful_twin``); it
calls this one, never the learner's. Keras is imported inside the function: importing this
module does no work.
"""

__all__ = ["stateful_twin"]


def stateful_twin(model):
    """Build the batch-of-one twin of ``Input(batch_shape) -> LSTM(units, stateful=True) -> Dense(1)``.

    Args:
        model: a keras.Model made of ``keras.Input(batch_shape=(batch_size, timesteps,
            num_features))``, one ``LSTM(units, stateful=True)`` and ``Dense(1)``.

    Returns:
        keras.Model: the same layers for ``batch_shape=(1, timesteps, num_features)``, carrying
        a copy of ``model``'s weights; maps ``(1, timesteps, num_features)`` to ``(1, 1)``.

    Raises:
        TypeError: when ``model`` is not a keras.Model with exactly one LSTM layer.
    """
    import keras

    lstms = [
        layer for layer in getattr(model, "layers", []) if isinstance(layer, keras.layers.LSTM)
    ]
    if not isinstance(model, keras.Model) or len(lstms) != 1:
        raise TypeError(f"expected a keras.Model with one LSTM layer, got {type(model).__name__}")
    _, timesteps, num_features = model.input_shape
    inputs = keras.Input(batch_shape=(1, timesteps, num_features))
    x = keras.layers.LSTM(lstms[0].units, stateful=True)(
        inputs
    )  # (1, timesteps, num_features) -> (1, units)
    twin = keras.Model(inputs, keras.layers.Dense(1)(x))
    twin.set_weights(model.get_weights())
    return twin
