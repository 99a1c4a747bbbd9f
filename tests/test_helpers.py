"""Unit tests for helpers.repro, helpers.checks, helpers.shapes, helpers.data, helpers.plots
including bad input."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import checks, data, plots, repro, shapes  # noqa: E402


# --- helpers package ----------------------------------------------------------------------

def test_importing_helpers_has_no_side_effects():
    code = ("import sys, matplotlib; before = dict(matplotlib.rcParams); "
            "import helpers, helpers.checks, helpers.data, helpers.plots, helpers.repro, helpers.shapes, helpers.timing; "
            "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'TF imported'; "
            "assert dict(matplotlib.rcParams) == before, 'rcParams changed'")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# --- repro ----------------------------------------------------------------------------------

def test_set_seed_makes_numpy_and_keras_repeatable():
    import keras

    def draw():
        repro.set_seed(3)
        layer = keras.layers.Dense(4)
        layer.build((None, 2))
        return np.random.rand(3), np.asarray(layer.kernel)

    (a1, k1), (a2, k2) = draw(), draw()
    assert np.array_equal(a1, a2) and np.array_equal(k1, k2)
    repro.set_seed(4)
    assert not np.array_equal(np.random.rand(3), a1)


def test_set_seed_returns_the_seed_and_rejects_bad_seeds():
    assert repro.set_seed(7) == 7
    with pytest.raises(TypeError, match="seed must be an int; got float"):
        repro.set_seed(1.5)
    with pytest.raises(TypeError):
        repro.set_seed(True)
    with pytest.raises(ValueError, match=">= 0"):
        repro.set_seed(-1)


def test_a_fresh_process_prints_no_tensorflow_log_lines_after_quieting():
    code = ("from helpers import repro; repro.set_seed(0); import keras; "
            "keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]).predict(__import__('numpy').zeros((1, 3)), verbose=0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for noisy in ("oneDNN", "Warning", "warning:"):
        assert noisy not in proc.stderr.replace("WARNING: All log messages before absl", ""), proc.stderr



def test_an_interactive_session_gets_no_tensorflow_retracing_warnings():
    # TensorFlow creates its logger on first use, at level INFO when sys.ps1 exists (Jupyter).
    code = ("import sys; sys.ps1 = '>>> '; from helpers import repro; repro.set_seed(0); import keras, numpy as np\n"
            "for _ in range(8):\n"
            "    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]); m.compile(loss='mse')\n"
            "    m.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "retracing" not in proc.stdout + proc.stderr

# --- checks ---------------------------------------------------------------------------------

def count(num_features, units):
    return num_features * units + units


def no_bias(num_features, units):
    return num_features * units


def not_written(*args):
    raise NotImplementedError()


def test_check_returns_passes_and_prints(capsys):
    assert checks.check_returns(count, (3, 32), 128) == 128
    assert capsys.readouterr().out == "[PASS] count(3, 32) returned 128\n"


def test_check_returns_names_the_call_the_value_and_the_known_mistake():
    with pytest.raises(checks.CheckFailure) as info:
        checks.check_returns(no_bias, (3, 32), 128, wrong=[(96, "forgetting the bias.")])
    message = str(info.value)
    assert message.startswith("[FAIL] no_bias(3, 32) returned 96; expected 128.")
    assert "Known mistake: forgetting the bias." in message
    assert isinstance(info.value, AssertionError)


def test_check_returns_without_a_known_mistake_says_only_what_differs():
    with pytest.raises(checks.CheckFailure) as info:
        checks.check_returns(no_bias, (3, 32), 128, wrong={100: "something else"})
    assert "Known mistake" not in str(info.value)


def test_check_returns_explains_not_implemented_and_other_exceptions():
    with pytest.raises(checks.CheckFailure, match="Replace `raise NotImplementedError\\(\\)`"):
        checks.check_returns(not_written, (1,), 1)
    with pytest.raises(checks.CheckFailure, match=r"raised ZeroDivisionError"):
        checks.check_returns(lambda: 1 / 0, (), 1)
    with pytest.raises(checks.CheckFailure, match="is not a function"):
        checks.check_returns(42, (), 1)


def test_values_compare_by_value_but_containers_by_type():
    checks.check_returns(lambda: np.int64(4), (), 4)
    checks.check_returns(lambda: (46, 50), (), (46, 50))
    with pytest.raises(checks.CheckFailure, match="return a tuple"):
        checks.check_returns(lambda: [46, 50], (), (46, 50))
    with pytest.raises(checks.CheckFailure):
        checks.check_returns(lambda: True, (), 1)  # a bool is not a count
    with pytest.raises(checks.CheckFailure):
        checks.check_returns(lambda: 4.5, (), 4)


def test_check_close_uses_tolerances_and_reports_shapes():
    checks.check_close("w", np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-8]))
    with pytest.raises(checks.CheckFailure, match="Largest difference"):
        checks.check_close("w", np.array([1.0, 2.1]), np.array([1.0, 2.0]), atol=1e-3)
    with pytest.raises(checks.CheckFailure, match=r"has shape \(3,\); expected shape \(2,\)"):
        checks.check_close("w", np.zeros(3), np.zeros(2))
    with pytest.raises(checks.CheckFailure, match="Known mistake: summed"):
        checks.check_close("w", np.array([2.0]), np.array([1.0]), wrong=[(np.array([2.0]), "summed")])


def test_check_shape_names_the_axes_in_the_course_vocabulary():
    checks.check_shape("X", np.zeros((32, 10, 3)), (32, 10, 3))
    checks.check_shape("model.input_shape", (None, 20, 1), (None, 20, 1))
    with pytest.raises(checks.CheckFailure) as info:
        checks.check_shape("X", np.zeros((10, 32, 3)), (32, 10, 3), axes=shapes.SEQUENCES)
    assert str(info.value).startswith(
        "[FAIL] X has shape (10, 32, 3); expected (batch_size, timesteps, num_features) = (32, 10, 3).")
    assert "wrong order" in str(info.value)
    with pytest.raises(checks.CheckFailure, match="It has 2 axes; expected 3"):
        checks.check_shape("X", np.zeros((50, 3)), (50, 1, 3))
    with pytest.raises(checks.CheckFailure, match="has no shape"):
        checks.check_shape("X", [1, 2], (2,))


def test_check_equal_check_true_and_check_raises():
    checks.check_equal("units", 32, 32)
    with pytest.raises(checks.CheckFailure, match=r"\[FAIL\] units is 3; expected 32.\n.*Known mistake: tied"):
        checks.check_equal("units", 3, 32, wrong=[(3, "tied to the features.")])
    checks.check_true(True, "no", "yes")
    with pytest.raises(checks.CheckFailure, match=r"^\[FAIL\] no$"):
        checks.check_true(False, "no", "yes")

    def reject(x):
        if x < 0:
            raise ValueError("x must be >= 0")
        return x

    checks.check_raises(reject, (-1,), ValueError, match=">= 0")
    with pytest.raises(checks.CheckFailure, match="expected it to raise ValueError"):
        checks.check_raises(reject, (1,), ValueError)
    with pytest.raises(checks.CheckFailure, match="mention 'batch_size'"):
        checks.check_raises(reject, (-1,), ValueError, match="batch_size")


def test_describe_and_format_call_keep_messages_short():
    assert checks.describe(np.zeros((2, 3), dtype="float32")) == "ndarray of shape (2, 3) and dtype float32"
    assert len(checks.describe(list(range(1000)))) <= 120
    assert checks.format_call(count, (3,), {"units": 2}) == "count(3, units=2)"


# --- shapes ---------------------------------------------------------------------------------

def test_require_shape_accepts_and_converts():
    out = shapes.require_shape([[1, 2], [3, 4]], shapes.TABLE, "X")
    assert isinstance(out, np.ndarray) and out.dtype == float and out.shape == (2, 2)
    shapes.require_shape(np.zeros((4, 5, 1)), shapes.SEQUENCES, "X", expected=(None, 5, 1))


def test_require_shape_errors_name_expected_axes_and_received_shape():
    with pytest.raises(ValueError) as info:
        shapes.require_shape(np.zeros((50, 3)), shapes.SEQUENCES, "X")
    message = str(info.value)
    assert "X must have shape (batch_size, timesteps, num_features); got shape (50, 3) with 2 axes" in message
    assert "X.reshape(50, 1, 3)" in message
    with pytest.raises(ValueError, match=r"= \('any', 5, 1\); got shape \(4, 5, 2\)"):
        shapes.require_shape(np.zeros((4, 5, 2)), shapes.SEQUENCES, "X", expected=(None, 5, 1))
    with pytest.raises(ValueError, match="reshape\\(-1, 1\\)"):
        shapes.require_shape(np.zeros(5), shapes.TABLE, "X")


def test_as_array_rejects_non_arrays_with_a_type_error():
    for bad in (None, "abc", {"a": 1}):
        with pytest.raises(TypeError, match="x must be an array"):
            shapes.as_array(bad)
    with pytest.raises(TypeError, match="rectangular numeric array"):
        shapes.as_array([[1, 2], [3]])


def test_require_positive_int():
    assert shapes.require_positive_int(np.int64(5), "batch_size") == 5
    with pytest.raises(TypeError, match="batch_size must be an int; got float"):
        shapes.require_positive_int(5.0, "batch_size")
    with pytest.raises(TypeError):
        shapes.require_positive_int(True, "batch_size")
    with pytest.raises(ValueError, match="batch_size must be >= 1; got 0"):
        shapes.require_positive_int(0, "batch_size")


# --- data -----------------------------------------------------------------------------------

def test_make_table_shapes_dtype_and_seed():
    X, y = data.make_table(50, 3, seed=0)
    assert X.shape == (50, 3) and y.shape == (50, 1) and X.dtype == y.dtype == np.float32
    X2, y2 = data.make_table(50, 3, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, data.make_table(50, 3, seed=1)[0])


def test_make_table_target_is_learnable_from_the_features():
    X, y = data.make_table(500, 4, seed=0, noise=0.0)
    design = np.c_[X, np.ones(len(X))]
    coef, residual, *_ = np.linalg.lstsq(design, y, rcond=None)
    assert np.allclose(design @ coef, y, atol=1e-4)


def test_make_table_rejects_bad_sizes():
    with pytest.raises(ValueError, match="num_samples must be >= 1"):
        data.make_table(0, 3)
    with pytest.raises(TypeError, match="num_features must be an int"):
        data.make_table(10, 2.5)


# --- plots ----------------------------------------------------------------------------------

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
