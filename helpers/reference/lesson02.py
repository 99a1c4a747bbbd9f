"""Lesson 02's NumPy exercises, for the demos that need their results.

The notebook's demos call these, never the learner's functions, so a student notebook with an
unsolved exercise still runs to the end. The model is ``y_hat = X @ w + b`` with the mean
squared error; a gradient is the vector ``(dL/dw_1, ..., dL/dw_num_features, dL/db)``.
"""

import numpy as np

from ..shapes import TABLE, as_array, require_positive_int, require_shape

__all__ = ["gradient_cosine", "minibatch_sgd"]


def _table(X, y, w):
    X = require_shape(X, TABLE, "X")
    y = as_array(y, "y").reshape(-1)
    w = as_array(w, "w").reshape(-1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} samples but y has {y.shape[0]}")
    if w.shape[0] != X.shape[1]:
        raise ValueError(f"w has {w.shape[0]} weights but X has {X.shape[1]} features")
    return X, y, w


def _gradient(X, y, w, b):
    residual = X @ w + b - y  # (batch_size,)
    return np.append(2 * X.T @ residual / len(residual), 2 * residual.mean())


def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
    """Mini-batch SGD on the mean squared error, batches in order, last partial batch kept.

    Args:
        X: inputs, shape (num_samples, num_features).
        y: targets, shape (num_samples,) or (num_samples, 1).
        w0: initial weights, shape (num_features,); not modified.
        b0: initial bias, a float.
        learning_rate: step size, a float.
        batch_size: samples per update, an int >= 1.
        epochs: passes over the data, an int >= 1.

    Returns:
        tuple: ``(w, b)``, np.ndarray of shape (num_features,) and a float.

    Raises:
        TypeError, ValueError: for arrays of the wrong shape or sizes that are not ints >= 1.
    """
    X, y, w = _table(X, y, w0)
    batch_size = require_positive_int(batch_size, "batch_size")
    epochs = require_positive_int(epochs, "epochs")
    w, b = w.copy(), float(b0)
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            grad = _gradient(X[start : start + batch_size], y[start : start + batch_size], w, b)
            w, b = w - learning_rate * grad[:-1], b - learning_rate * float(grad[-1])
    return w, b


def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
    """Mean cosine between the gradients of random mini-batches and the full-batch gradient.

    Args:
        X: inputs, shape (num_samples, num_features).
        y: targets, shape (num_samples,) or (num_samples, 1).
        w: weights, shape (num_features,).
        b: bias, a float.
        batch_size: samples per mini-batch, an int between 1 and num_samples.
        num_draws: mini-batches drawn, an int >= 1; each with
            ``np.random.default_rng(seed).choice(num_samples, batch_size, replace=False)``
            from one generator.
        seed: seed of the generator, an int.

    Returns:
        float: the mean cosine similarity, between -1 and 1.

    Raises:
        TypeError, ValueError: for arrays of the wrong shape, or a batch_size larger than
            num_samples.
    """
    X, y, w = _table(X, y, w)
    batch_size = require_positive_int(batch_size, "batch_size")
    num_draws = require_positive_int(num_draws, "num_draws")
    if batch_size > len(X):
        raise ValueError(f"batch_size must be at most num_samples = {len(X)}; got {batch_size}")
    full = _gradient(X, y, w, b)
    rng = np.random.default_rng(seed)
    cosines = []
    for _ in range(num_draws):
        idx = rng.choice(len(X), size=batch_size, replace=False)
        g = _gradient(X[idx], y[idx], w, b)
        cosines.append(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
    return float(np.mean(cosines))
