"""grader.proxy and grader.agent: a check calls the student's function and gets plain data back.

The kernel is played by :func:`fake_kernel`, which runs the agent on the request exactly as the
kernel would (``grader.agent.answer`` in the student's namespace) and hands back its output, or
any output a hostile kernel might send instead.
"""

import base64
import re
import warnings

import numpy as np
import pytest

from grader import agent, codec, proxy


def fake_kernel(namespace, tmp_path, replace=None):
    def run(code):
        request = base64.b64decode(re.search(r'"REQUEST": "([^"]+)"', code).group(1))
        exec(proxy._agent_source(), {"__name__": "test_agent"})  # the shipped source compiles
        data = agent.answer(request, namespace, str(tmp_path)) if replace is None else replace
        if isinstance(data, list):
            return data
        return [
            {"output_type": "display_data", "data": {agent.MIME: base64.b64encode(data).decode()}}
        ]

    return run


def student(tmp_path, source, name, **kw):
    namespace = {}
    exec(source, namespace)
    return proxy.StudentFunction(name=name, run=fake_kernel(namespace, tmp_path, **kw))


def test_the_agent_code_is_one_exec_in_a_private_namespace():
    code = proxy.agent_code(b"abc")
    assert (
        code.startswith('exec(__import__("base64").b64decode(')
        and '"__name__": "grader_agent"' in code
    )
    assert base64.b64encode(b"abc").decode() in code


def test_values_come_back_as_plain_data(tmp_path):
    f = student(tmp_path, "def f(n, *, k=1):\n    return {'n': n * k, 'a': [n] * 2}", "f")
    assert f(3, k=2) == {"n": 6, "a": [3, 3]}
    assert f.__name__ == "f" and "sandbox" in repr(f)


def test_builtin_exceptions_are_raised_again_by_class_others_by_name(tmp_path):
    source = (
        "class Mine(ValueError):\n    pass\nclass Odd(Exception):\n    pass\n"
        "def f(kind):\n    raise {'v': ValueError('bad'), 'm': Mine('sub'), 'o': Odd('odd')}[kind]\n"
    )
    f = student(tmp_path, source, "f")
    with pytest.raises(ValueError, match="bad"):
        f("v")
    with pytest.raises(ValueError, match="sub"):
        f("m")
    with pytest.raises(proxy.StudentCodeError, match="f raised Odd: odd"):
        f("o")
    with pytest.raises(NameError, match="'g' is not defined"):
        student(tmp_path, "", "g")()


def test_warnings_of_the_call_are_given_again(tmp_path):
    f = student(
        tmp_path,
        "import warnings\ndef f():\n    warnings.warn('input_shape is deprecated')\n    return 1",
        "f",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert f() == 1
    assert [str(w.message) for w in caught] == ["input_shape is deprecated"]
    assert caught[0].category is UserWarning


@pytest.mark.slow  # builds and moves Keras models: make test
def test_a_model_trained_in_place_by_the_student_is_trained_here_too(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    before = [w.copy() for w in model.get_weights()]
    f = student(
        tmp_path,
        "def f(model):\n    model.layers[0].kernel.assign(model.layers[0].kernel + 1.0)\n    return 0",
        "f",
    )
    assert f(model) == 0
    assert np.allclose(model.get_weights()[0], before[0] + 1.0)


def test_objects_that_cannot_cross_fail_the_check_with_a_reason(tmp_path):
    f = student(
        tmp_path,
        "class Fake:\n    def __eq__(self, other):\n        return True\ndef f():\n    return Fake()",
        "f",
    )
    with pytest.raises(TypeError, match="cannot receive.*Fake"):
        f()


@pytest.mark.parametrize(
    "outputs, error, match",
    [
        ([], proxy.StudentCodeError, "gave no answer"),
        (
            [{"output_type": "error", "ename": "CellTimeoutError", "evalue": ""}],
            TimeoutError,
            "did not return in time",
        ),
        (
            [{"output_type": "error", "ename": "KeyboardInterrupt", "evalue": ""}],
            proxy.StudentCodeError,
            "KeyboardInterrupt",
        ),
        (
            [{"output_type": "display_data", "data": {agent.MIME: "!!!"}}],
            proxy.StudentCodeError,
            "could not be read",
        ),
        (codec.encode([1, 2]), proxy.StudentCodeError, "could not be read"),
    ],
)
def test_a_missing_or_forged_answer_is_no_answer(tmp_path, outputs, error, match):
    f = student(tmp_path, "def f():\n    return 1", "f", replace=outputs)
    with pytest.raises(error, match=match):
        f()


def test_observe_runs_helpers_routines_only(tmp_path):
    from helpers import grading

    f = student(tmp_path, "def f(x):\n    return x + 1", "f")
    with pytest.raises(TypeError, match="helpers package only"):
        grading.observe(len, f, [1])


@pytest.mark.slow  # builds and moves Keras models: make test
def test_an_optimizer_and_a_compiled_model_come_back_with_their_step_counts(tmp_path):
    import keras

    source = (
        "import tensorflow as tf\n"
        "def step(model, optimizer):\n"
        "    with tf.GradientTape() as tape:\n"
        "        loss = tf.reduce_mean(model(tf.ones((2, 2))) ** 2)\n"
        "    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))\n"
        "def fit_twice(model):\n"
        "    model.fit(tf.ones((4, 2)), tf.zeros((4, 1)), batch_size=2, epochs=1, verbose=0)\n"
    )
    namespace = {}
    exec(source, namespace)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    optimizer = keras.optimizers.SGD(0.1)
    proxy.StudentFunction(name="step", run=fake_kernel(namespace, tmp_path))(model, optimizer)
    assert int(optimizer.iterations.numpy()) == 1
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    proxy.StudentFunction(name="fit_twice", run=fake_kernel(namespace, tmp_path))(model)
    assert int(model.optimizer.iterations.numpy()) == 2


def test_an_exercise_not_written_yet_comes_back_as_itself_with_its_name(tmp_path):
    f = student(tmp_path, "def build_mlp(n):\n    raise NotImplementedError()\n", "build_mlp")
    with pytest.raises(NotImplementedError) as info:
        f(3)
    assert info.value.student_function == "build_mlp"
