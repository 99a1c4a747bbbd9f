"""helpers.repro: one seed for Python, NumPy and Keras; quiet TensorFlow."""

import subprocess
import sys

import numpy as np
import pytest

from helpers import repro


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
    code = (
        "from helpers import repro; repro.set_seed(0); import keras; "
        "keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]).predict(__import__('numpy').zeros((1, 3)), verbose=0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    for noisy in ("oneDNN", "Warning", "warning:"):
        assert noisy not in proc.stderr.replace("WARNING: All log messages before absl", ""), (
            proc.stderr
        )


def test_an_interactive_session_gets_no_tensorflow_retracing_warnings():
    # TensorFlow creates its logger on first use, at level INFO when sys.ps1 exists (Jupyter).
    code = (
        "import sys; sys.ps1 = '>>> '; from helpers import repro; repro.set_seed(0); import keras, numpy as np\n"
        "for _ in range(8):\n"
        "    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]); m.compile(loss='mse')\n"
        "    m.train_on_batch(np.ones((2, 3)), np.ones((2, 2)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "retracing" not in proc.stdout + proc.stderr
