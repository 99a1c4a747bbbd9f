"""Reproducibility: one call seeds everything and quiets TensorFlow.

Usage, in the single setup cell of every lesson::

    from helpers import repro
    repro.set_seed(0)

Nothing happens at import time; TensorFlow is imported only inside the functions.
"""

import logging
import os
import random
import warnings

import numpy as np

__all__ = ["quiet_tensorflow", "set_seed", "DEFAULT_SEED"]

DEFAULT_SEED = 0

# Environment read by TensorFlow's C++ runtime when it is first imported.
_TF_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ logs: errors only
    "TF_ENABLE_ONEDNN_OPTS": "0",  # no oneDNN banner, and bit-stable CPU kernels
}


def quiet_tensorflow():
    """Silence TensorFlow's Python and C++ log lines and its known noisy warnings.

    Call it before ``import tensorflow`` for the environment variables to take effect
    (``set_seed`` does). Inside Jupyter the remaining C++ start-up lines are kept out of
    cell outputs by the kernel option ``IPKernelApp.capture_fd_output = False``, which
    ``make install`` writes into the virtual environment.

    Returns:
        None
    """
    for key, value in _TF_ENV.items():
        os.environ.setdefault(key, value)
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        from absl import logging as absl_logging
    except ImportError:  # pragma: no cover - absl ships with tensorflow
        absl_logging = None
    if absl_logging is not None:
        absl_logging.set_verbosity(absl_logging.ERROR)
    # Deprecation chatter from TensorFlow internals; course code never triggers it itself.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"tensorflow(\.|$)")
    warnings.filterwarnings("ignore", category=FutureWarning, module=r"tensorflow(\.|$)")


def set_seed(seed=DEFAULT_SEED):
    """Seed Python, NumPy, TensorFlow and Keras, make TF ops deterministic, quiet TF.

    After ``set_seed(s)`` two fresh processes running the same cells produce the same
    weights, batches and losses (CPU).

    Args:
        seed: a non-negative ``int``.

    Returns:
        int: the seed that was set.

    Raises:
        TypeError: if ``seed`` is not an ``int``.
        ValueError: if ``seed`` is negative.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int; got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be >= 0; got {seed}")
    seed = int(seed)
    quiet_tensorflow()
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    import keras
    import tensorflow as tf

    # TensorFlow makes its logger on first use, at level INFO in an interactive session
    # (Jupyter): make it now, then quiet it, or retracing warnings reach the cell outputs.
    tf.get_logger().setLevel(logging.ERROR)
    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend
    tf.config.experimental.enable_op_determinism()
    return seed
