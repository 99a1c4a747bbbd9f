"""Reference implementation of lesson 03's layout exercise, for the lesson's demos and checks.

The figure and the stateful-LSTM demos of ``03_rnn_batch_vs_timesteps`` need the truncated-BPTT
layout; they take it from here, not from the learner's ``tbptt_batches``, so a student notebook
still runs top to bottom while that exercise is blank.
"""

import numbers

import numpy as np

__all__ = ["tbptt_batches"]


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int; got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1; got {value}")
    return int(value)


def tbptt_batches(sequence, batch_size, num_steps):
    """Lay one long sequence out as batches for truncated backpropagation through time.

    The first ``num_batches * batch_size * num_steps`` values are cut into ``batch_size``
    contiguous rows of equal length (row 0 first); every row is cut into ``num_batches``
    pieces of ``num_steps`` values. Batch k holds piece k of every row, so row i of batch
    k+1 continues row i of batch k.

    Args:
        sequence: 1-D array-like of length ``L``.
        batch_size: number of rows (sequences side by side in one batch), an int >= 1.
        num_steps: length of every piece (the timesteps of each batch), an int >= 1.

    Returns:
        np.ndarray of shape ``(num_batches, batch_size, num_steps)`` with
        ``num_batches = L // (batch_size * num_steps)``, holding values of ``sequence``.

    Raises:
        TypeError: when ``batch_size`` or ``num_steps`` is not an int.
        ValueError: when ``sequence`` is not 1-D, a size is < 1, or
            ``L < batch_size * num_steps`` (not even one batch).
    """
    batch_size = _positive_int(batch_size, "batch_size")
    num_steps = _positive_int(num_steps, "num_steps")
    values = np.asarray(sequence)
    if values.ndim != 1:
        raise ValueError(f"sequence must be 1-D; got shape {values.shape}")
    num_batches = len(values) // (batch_size * num_steps)
    if num_batches == 0:
        raise ValueError(
            f"a sequence of length {len(values)} is shorter than one batch "
            f"(batch_size * num_steps = {batch_size * num_steps})"
        )
    rows = values[: num_batches * batch_size * num_steps].reshape(
        batch_size, num_batches, num_steps
    )
    return rows.transpose(1, 0, 2)
