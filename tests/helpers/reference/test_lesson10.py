"""helpers.reference.lesson10: unit tests, bad input included."""

import subprocess
import sys

import numpy as np
import pytest

from tests.support import solution_function


def test_import_does_no_work():
    code = (
        "import sys; import helpers.reference.lesson10; "
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules]; assert heavy == [], heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _stateful(batch_size, timesteps, num_features, units):
    import keras

    inputs = keras.Input(batch_shape=(batch_size, timesteps, num_features))
    x = keras.layers.LSTM(units, stateful=True)(
        inputs
    )  # (batch_size, timesteps, num_features) -> (batch_size, units)
    return keras.Model(inputs, keras.layers.Dense(1)(x))


def _describe(model):
    """What exercise 10.2 specifies about a twin, as comparable values."""
    return {
        "input_shape": tuple(model.input_shape),
        "layers": [
            (type(layer).__name__, getattr(layer, "units", None), getattr(layer, "stateful", None))
            for layer in model.layers
            if type(layer).__name__ != "InputLayer"
        ],
        "weights": [w.shape for w in model.get_weights()],
    }


def _reset(model):
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_state()


def test_stateful_twin_predicts_each_row_of_the_original():
    from helpers.reference import lesson10

    original = _stateful(3, 5, 2, units=4)
    twin = lesson10.stateful_twin(original)
    assert _describe(twin) == {
        "input_shape": (1, 5, 2),
        "layers": [("LSTM", 4, True), ("Dense", 1, None)],
        "weights": [w.shape for w in original.get_weights()],
    }
    x = np.random.default_rng(0).normal(size=(3, 5, 2)).astype("float32")
    _reset(original)
    expected = np.asarray(original(x))
    for i in range(3):
        _reset(twin)
        assert np.allclose(np.asarray(twin(x[i : i + 1]))[0], expected[i], atol=1e-5)


ASSIGNMENT = "10_inference_and_pipelines"


def test_stateful_twin_agrees_with_the_solution_notebook():
    """The demos' reference and the graded solution must not drift apart."""
    import keras

    from helpers.reference import lesson10

    solution = solution_function(
        ASSIGNMENT, "stateful_twin_code", "stateful_twin", {"keras": keras}
    )
    for sizes in [(4, 6, 2, 5), (2, 3, 1, 1)]:
        original = _stateful(*sizes)
        ours, theirs = lesson10.stateful_twin(original), solution(original)
        assert _describe(ours) == _describe(theirs)
        assert all(np.array_equal(a, b) for a, b in zip(ours.get_weights(), theirs.get_weights()))


def test_stateful_twin_rejects_what_is_not_a_one_lstm_model():
    import keras

    from helpers.reference import lesson10

    dense_only = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    for bad in (None, "model", np.zeros((4, 6, 2)), dense_only):
        with pytest.raises(TypeError):
            lesson10.stateful_twin(bad)
