"""helpers.reference.lesson01: unit tests, bad input included."""

import subprocess
import sys

import pytest

from tests.support import solution_function


def test_import_does_no_work():
    code = (
        "import sys; import helpers.reference.lesson01; "
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules]; assert heavy == [], heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _describe(model):
    """What exercise 1.2 specifies about a model, as comparable values."""
    import keras

    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return {
        "input_shape": tuple(model.input_shape),
        "units": [layer.units for layer in dense],
        "activations": [layer.activation.__name__ for layer in dense],
        "optimizer": type(model.optimizer).__name__,
        "loss": model.loss,
        "params": model.count_params(),
    }


def test_build_mlp_is_the_model_of_exercise_1_2():
    from helpers.reference import lesson01

    model = lesson01.build_mlp(3, 8)
    assert _describe(model) == {
        "input_shape": (None, 3),
        "units": [8, 1],
        "activations": ["relu", "linear"],
        "optimizer": "SGD",
        "loss": "mse",
        "params": (3 * 8 + 8) + (8 + 1),
    }
    assert model.compiled


ASSIGNMENT = "01_input_layer_vs_features"


def test_build_mlp_agrees_with_the_solution_notebook():
    """The demos' reference and the graded solution must not drift apart."""
    import keras

    from helpers.reference import lesson01

    solution = solution_function(ASSIGNMENT, "build_mlp_code", "build_mlp", {"keras": keras})
    for num_features, hidden_units in [(3, 8), (7, 1), (1, 20)]:
        assert _describe(solution(num_features, hidden_units)) == _describe(
            lesson01.build_mlp(num_features, hidden_units)
        )


@pytest.mark.parametrize(
    "num_features, hidden_units, error",
    [
        (3.0, 8, TypeError),
        ("3", 8, TypeError),
        (True, 8, TypeError),
        (3, None, TypeError),
        (0, 8, ValueError),
        (3, -1, ValueError),
    ],
)
def test_build_mlp_rejects_bad_sizes(num_features, hidden_units, error):
    from helpers.reference import lesson01

    with pytest.raises(error):
        lesson01.build_mlp(num_features, hidden_units)
