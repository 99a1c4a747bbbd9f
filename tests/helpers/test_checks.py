"""helpers.checks: [PASS] / [FAIL] ... expected ... got, with the known mistake named."""

import numpy as np
import pytest

from helpers import checks, shapes


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
        checks.check_close(
            "w", np.array([2.0]), np.array([1.0]), wrong=[(np.array([2.0]), "summed")]
        )


def test_check_shape_names_the_axes_in_the_course_vocabulary():
    checks.check_shape("X", np.zeros((32, 10, 3)), (32, 10, 3))
    checks.check_shape("model.input_shape", (None, 20, 1), (None, 20, 1))
    with pytest.raises(checks.CheckFailure) as info:
        checks.check_shape("X", np.zeros((10, 32, 3)), (32, 10, 3), axes=shapes.SEQUENCES)
    assert str(info.value).startswith(
        "[FAIL] X has shape (10, 32, 3); expected (batch_size, timesteps, num_features) = (32, 10, 3)."
    )
    assert "wrong order" in str(info.value)
    with pytest.raises(checks.CheckFailure, match="It has 2 axes; expected 3"):
        checks.check_shape("X", np.zeros((50, 3)), (50, 1, 3))
    with pytest.raises(checks.CheckFailure, match="has no shape"):
        checks.check_shape("X", [1, 2], (2,))


def test_check_equal_check_true_and_check_raises():
    checks.check_equal("units", 32, 32)
    with pytest.raises(
        checks.CheckFailure, match=r"\[FAIL\] units is 3; expected 32.\n.*Known mistake: tied"
    ):
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
    assert (
        checks.describe(np.zeros((2, 3), dtype="float32"))
        == "ndarray of shape (2, 3) and dtype float32"
    )
    assert len(checks.describe(list(range(1000)))) <= 120
    assert checks.format_call(count, (3,), {"units": 2}) == "count(3, units=2)"
