"""helpers.reference.lesson02: unit tests, bad input included."""

import subprocess
import sys

import numpy as np
import pytest

from helpers.reference import lesson02 as reference


def test_timing_import_does_no_work():
    code = (
        "import sys; import helpers.timing; "
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]; "
        "assert heavy == [], heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reference_import_does_no_work():
    code = (
        "import sys; import helpers.reference.lesson02; "
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]; "
        "assert heavy == [], heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_reference_minibatch_sgd_small_case_by_hand():
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([[3.0], [5.0], [7.0]])  # (num_samples, 1) is flattened
    w0 = np.array([0.0])
    # batch [1, 2]: residuals -3, -5 -> grad_w = 2 * (-3 - 10) / 2 = -13, grad_b = 2 * (-8) / 2 = -8
    # batch [3] (partial, kept) after w = 1.3, b = 0.8: residual 3.9 + 0.8 - 7 = -2.3 -> grad_w = -13.8, grad_b = -4.6
    w, b = reference.minibatch_sgd(X, y, w0, 0.0, 0.1, 2, 1)
    assert np.allclose(w, [1.3 + 1.38]) and abs(b - (0.8 + 0.46)) < 1e-12
    assert np.array_equal(w0, [0.0])  # not modified
    assert isinstance(b, float) and w.shape == (1,)


def test_reference_minibatch_sgd_full_batch_is_gradient_descent():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    w, b = reference.minibatch_sgd(X, y, np.zeros(2), 0.0, 0.05, 10, 3)
    w_gd, b_gd = np.zeros(2), 0.0
    for _ in range(3):
        r = X @ w_gd + b_gd - y
        w_gd, b_gd = w_gd - 0.05 * 2 * X.T @ r / 10, b_gd - 0.05 * 2 * r.mean()
    assert np.allclose(w, w_gd) and abs(b - b_gd) < 1e-12


def test_reference_gradient_cosine():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=(20, 1))
    assert abs(reference.gradient_cosine(X, y, np.zeros(2), 0.0, 20, 3, 0) - 1.0) < 1e-12
    # one draw of batch_size 1: the cosine of that sample's gradient, computed independently
    pick = np.random.default_rng(5).choice(20, size=1, replace=False)
    r, r_i = X @ [0.3, -0.2] + 0.1 - y[:, 0], X[pick] @ [0.3, -0.2] + 0.1 - y[pick, 0]
    G = np.append(2 * X.T @ r / 20, 2 * r.mean())
    g = np.append(2 * X[pick].T @ r_i, 2 * r_i.sum())
    expected = g @ G / np.linalg.norm(g) / np.linalg.norm(G)
    got = reference.gradient_cosine(X, y, [0.3, -0.2], 0.1, 1, 1, 5)
    assert isinstance(got, float) and abs(got - expected) < 1e-12
    many = reference.gradient_cosine(X, y, [0.3, -0.2], 0.1, 4, 50, 2)
    assert -1.0 <= many <= 1.0 and many == reference.gradient_cosine(
        X, y, [0.3, -0.2], 0.1, 4, 50, 2
    )


@pytest.mark.parametrize(
    "args, error",
    [
        (
            (np.zeros(5), np.zeros(5), np.zeros(1), 0.0, 0.1, 2, 1),
            ValueError,
        ),  # X has no feature axis
        (
            (np.zeros((5, 2)), np.zeros(4), np.zeros(2), 0.0, 0.1, 2, 1),
            ValueError,
        ),  # y has 4 samples
        (
            (np.zeros((5, 2)), np.zeros(5), np.zeros(3), 0.0, 0.1, 2, 1),
            ValueError,
        ),  # 3 weights, 2 features
        ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 0, 1), ValueError),  # batch_size 0
        (
            (np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 2.0, 1),
            TypeError,
        ),  # batch_size a float
        (
            (np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 0.1, 2, True),
            TypeError,
        ),  # epochs a bool
        (("X", np.zeros(5), np.zeros(2), 0.0, 0.1, 2, 1), TypeError),
    ],
)
def test_reference_minibatch_sgd_rejects_bad_input(args, error):
    with pytest.raises(error):
        reference.minibatch_sgd(*args)


@pytest.mark.parametrize(
    "args, error",
    [
        (
            (np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 6, 3, 0),
            ValueError,
        ),  # batch_size > num_samples
        ((np.zeros((5, 2)), np.zeros(5), np.zeros(2), 0.0, 2, 0, 0), ValueError),  # no draws
        ((np.zeros((5, 2)), np.zeros(6), np.zeros(2), 0.0, 2, 3, 0), ValueError),  # y has 6 samples
        ((np.zeros((5, 2)), None, np.zeros(2), 0.0, 2, 3, 0), TypeError),
    ],
)
def test_reference_gradient_cosine_rejects_bad_input(args, error):
    with pytest.raises(error):
        reference.gradient_cosine(*args)
