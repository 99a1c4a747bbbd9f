"""Instructor routines that run a learner's object where it lives and report what they saw.

A check cell calls one through :func:`helpers.grading.observe`:
``grading.observe(probes.schedule_rates, linear_warmup, start=0.1, ...)``. Each routine takes the
learner's function first and plain data after it, builds the learner's object (a learning-rate
schedule, a stateful model), uses it, and returns plain data: numbers, strings, lists, dicts.
While grading, the routine runs in the learner's kernel, so it only observes: the expected values
are computed by the check cell, never here. Keras is imported when a routine runs, not before.
"""

__all__ = [
    "compile_for_labels_fit",
    "rebuilt_schedule_rates",
    "schedule_rates",
    "warmup_in_fit",
]


# lesson 08


def _rate(schedule, step, *, as_tensor):
    import keras

    value = keras.ops.convert_to_tensor(step, dtype="int64") if as_tensor else step
    return float(schedule(value))


def schedule_rates(linear_warmup, /, *, start: float, target: float, warmup_steps: int,
                   steps: list) -> dict:
    """The learning rates of ``linear_warmup(start, target, warmup_steps)`` at some steps.

    Args:
        linear_warmup: the learner's function (it returns a Keras learning-rate schedule).
        start: the first argument of the call.
        target: the second argument of the call.
        warmup_steps: the third argument of the call.
        steps: the steps (ints) to read the schedule at.

    Returns:
        dict: ``"is_schedule"`` (bool): whether the result is a
        ``keras.optimizers.schedules.LearningRateSchedule``; ``"described"`` (str): the result,
        as :func:`helpers.checks.describe` gives it; ``"at_int"`` and ``"at_tensor"`` (lists of
        floats, or ``None`` when it is no schedule or the call failed): its value at each step
        given as a Python int, then as an int64 tensor; ``"tensor_error"``: what the calls on
        tensors raised (``"TypeError: ..."``), else ``None``.
    """
    import keras

    from helpers import checks

    schedule = linear_warmup(start, target, warmup_steps)
    is_schedule = isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule)
    found = {"is_schedule": is_schedule, "described": checks.describe(schedule),
             "at_int": None, "at_tensor": None, "tensor_error": None}
    if is_schedule:
        found["at_int"] = [_rate(schedule, step, as_tensor=False) for step in steps]
        try:
            found["at_tensor"] = [_rate(schedule, step, as_tensor=True) for step in steps]
        except Exception as error:  # e.g. a float mixed with the int64 step tensor
            found["tensor_error"] = f"{type(error).__name__}: {str(error)[:200]}"
    return found


def rebuilt_schedule_rates(linear_warmup, /, *, start: float, target: float, warmup_steps: int,
                           steps: list) -> dict:
    """The rates of a ``linear_warmup`` schedule and of its copy rebuilt from ``get_config()``.

    Args:
        linear_warmup: the learner's function (it returns a Keras learning-rate schedule).
        start: the first argument of the call.
        target: the second argument of the call.
        warmup_steps: the third argument of the call.
        steps: the steps (ints) to read both schedules at.

    Returns:
        dict: ``"config_is_dict"`` (bool); ``"original"`` and ``"rebuilt"`` (lists of floats):
        the schedule's value at each step, and that of
        ``type(schedule).from_config(schedule.get_config())``.
    """
    schedule = linear_warmup(start, target, warmup_steps)
    config = schedule.get_config()
    rebuilt = type(schedule).from_config(config)
    return {"config_is_dict": isinstance(config, dict),
            "original": [_rate(schedule, step, as_tensor=False) for step in steps],
            "rebuilt": [_rate(rebuilt, step, as_tensor=False) for step in steps]}


def warmup_in_fit(linear_warmup, /, *, start: float, target: float, warmup_steps: int,
                  fits: list) -> dict:
    """Train one weight with SGD on a ``linear_warmup`` schedule, ``fit`` after ``fit``.

    The model is ``Dense(1, use_bias=False)`` from ``w = 0`` with the loss
    ``mean((w * x - x) ** 2)`` on ``x = 1``: each update adds ``2 * (1 - w) * learning_rate``.

    Args:
        linear_warmup: the learner's function (it returns a Keras learning-rate schedule).
        start: the first argument of the call.
        target: the second argument of the call.
        warmup_steps: the third argument of the call.
        fits: ``[num_samples, batch_size, epochs]`` of each ``fit`` call, in order (samples of
            ones, not shuffled).

    Returns:
        dict: ``"after"``: one dict per ``fit`` that returned, with ``"weight"`` (float),
        ``"iterations"`` (int) and ``"learning_rate"`` (float, the optimizer's rate then);
        ``"error"``: the class name of what a ``fit`` raised, else ``None``; ``"message"``: its
        text (at most 300 characters), else ``""``.
    """
    import keras
    import numpy as np

    model = keras.Sequential([keras.Input(shape=(1,)),
                              keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    schedule = linear_warmup(start, target, warmup_steps)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="mse")
    found = {"after": [], "error": None, "message": ""}
    for num_samples, batch_size, epochs in fits:
        ones = np.ones((int(num_samples), 1), dtype="float32")
        try:
            model.fit(ones, ones, batch_size=int(batch_size), epochs=int(epochs), verbose=0,
                      shuffle=False)
        except Exception as error:  # inside fit the step is a symbolic tensor
            found["error"], found["message"] = type(error).__name__, str(error)[:300]
            break
        found["after"].append({"weight": float(model.get_weights()[0][0, 0]),
                               "iterations": int(model.optimizer.iterations),
                               "learning_rate": float(model.optimizer.learning_rate)})
    return found


# lesson 09


def compile_for_labels_fit(compile_for_labels, /, *, input_shape: list, num_classes: int,
                           labels) -> dict:
    """Compile a softmax classifier with ``compile_for_labels``, then fit it one epoch.

    The model is ``Input(shape=input_shape) -> Dense(num_classes, activation="softmax")``;
    ``fit`` gets inputs of ones, one sample per row of ``labels``.

    Args:
        compile_for_labels: the learner's function.
        input_shape: the shape of one sample, e.g. ``[4]`` or ``[5, 4]``.
        num_classes: units of the softmax layer.
        labels: the labels (class ids or one-hot rows), an array.

    Returns:
        dict: ``"same_model"`` (bool): whether the model given came back; ``"loss"`` (str or
        ``None``): the name of the loss it was compiled with; ``"optimizer"`` (str or ``None``):
        the optimizer's class name; ``"fit_error"`` (str or ``None``): what ``fit`` raised,
        ``"ValueError: ..."``.
    """
    import keras
    import numpy as np

    model = keras.Sequential([keras.Input(shape=tuple(input_shape)),
                              keras.layers.Dense(int(num_classes), activation="softmax")])
    compiled = compile_for_labels(model, labels)
    found = {"same_model": compiled is model, "loss": None, "optimizer": None, "fit_error": None}
    if not isinstance(compiled, keras.Model) or not compiled.compiled:
        return found
    loss = compiled.loss
    found["loss"] = loss if isinstance(loss, str) else getattr(loss, "name", str(loss))
    found["optimizer"] = type(compiled.optimizer).__name__
    inputs = np.ones((len(labels), *input_shape), dtype="float32")
    try:
        compiled.fit(inputs, labels, epochs=1, verbose=0)
    except Exception as error:  # labels whose shape does not match the loss
        found["fit_error"] = f"{type(error).__name__}: {str(error)[:200]}"
    return found
