"""Instructor routines: run a learner's object where it lives, and report what it did.

Some checks must run the learner's *object*, not only read values: a callback inside
``model.fit``, a stateful model over a sequence of batches. Such a check calls
``grading.observe(probes.<routine>, <learner's function>, ...)``. A routine takes the learner's
function first and plain data after it (numbers, lists, dicts, NumPy arrays, Keras models),
runs the scenario and returns plain data: what it *observed*. It never decides whether the
learner is right: the check compares the observations with the values it computed itself.

In self-study a routine runs in the learner's kernel like any function. While grading it runs
in the learner's sandboxed kernel, next to the learner's code, and only its result comes back
to the grader (see :mod:`helpers.grading`).
"""

import copy
import warnings

__all__ = [
    "compile_for_labels_fit",
    "fit_calls",
    "fit_with_step_logger",
    "rebuilt_schedule_rates",
    "schedule_rates",
    "train_tbptt_from_state",
    "warmup_in_fit",
]


# lesson 02


def _size_metric(name):
    """A Keras metric named ``name`` whose value is the size of the current batch."""
    import keras

    class BatchSize(keras.metrics.Metric):
        def __init__(self):
            super().__init__(name=name)
            self.value = self.add_variable(shape=(), initializer="zeros", name="value")

        def update_state(self, y_true, y_pred, sample_weight=None):
            self.value.assign(keras.ops.cast(keras.ops.shape(y_true)[0], "float32"))

        def result(self):
            return self.value

    return BatchSize()


def _snapshot(owner, attribute):
    """A shallow copy of ``owner.attribute``, or ``None`` when it has no such attribute."""
    value = getattr(owner, attribute, None)
    try:
        return copy.copy(value)
    except Exception:  # an object that cannot be copied: report it as it is
        return value


def _one_fit(callback, spec):
    """Fit a fresh linear model with ``callback`` as ``spec`` says; return its observations."""
    import keras
    import tensorflow as tf

    inputs, targets = spec["inputs"], spec["targets"]
    model = keras.Sequential([keras.Input(shape=(inputs.shape[1],)), keras.layers.Dense(1)])
    model.compile(
        optimizer=keras.optimizers.SGD(spec.get("learning_rate", 0.01)),
        loss="mse",
        metrics=[_size_metric(spec.get("size_key", "probe"))],
    )
    data = {"x": inputs, "y": targets}
    if spec.get("dataset_batch"):
        dataset = tf.data.Dataset.from_tensor_slices((inputs, targets)).batch(spec["dataset_batch"])
        if spec.get("unknown_cardinality"):  # fit then cannot know the steps of an epoch ahead
            dataset = dataset.filter(lambda x, y: True)
        data = {"x": dataset}
    with warnings.catch_warnings():
        # an epoch of unknown length ends when the data runs out, and Keras says so each time
        warnings.filterwarnings("ignore", message="Your input ran out of data")
        history = model.fit(
            **data,
            batch_size=spec.get("batch_size"),
            epochs=spec["epochs"],
            shuffle=spec.get("shuffle", False),
            verbose=0,
            callbacks=[callback],
        )
    return {
        "rows": _snapshot(callback, "rows"),
        "steps_per_epoch_seen": _snapshot(callback, "steps_per_epoch_seen"),
        "iterations": int(model.optimizer.iterations.numpy()),
        "loss": [float(v) for v in history.history.get("loss", [])],
    }


def fit_with_step_logger(make_step_logger, /, *, fits: list, logger_args: tuple = ()) -> dict:
    """Make one callback with ``make_step_logger`` and fit fresh models with it, in turn.

    Every fit trains a new ``Input -> Dense(1)`` model (SGD on the mean squared error) that
    reports the size of the current batch as a metric, silently, with the callback in
    ``callbacks``. The same callback serves every fit.

    Args:
        make_step_logger: the learner's function; ``make_step_logger(*logger_args)`` gives the
            callback.
        fits: one dict per fit, in order: ``inputs`` (array (num_samples, num_features)),
            ``targets`` (array (num_samples, 1)), ``epochs`` (int); optional ``batch_size``
            (fit's argument, default None), ``dataset_batch`` (int: pass the data as
            ``tf.data.Dataset.from_tensor_slices((inputs, targets)).batch(dataset_batch)``),
            ``unknown_cardinality`` (with ``dataset_batch``: a pass-through ``filter`` makes the
            number of batches unknown, ``params["steps"]`` None),
            ``shuffle`` (default False), ``size_key`` (the batch-size metric's name, default
            ``"probe"``), ``learning_rate`` (default 0.01).
        logger_args: positional arguments for ``make_step_logger``.

    Returns:
        dict: ``is_callback`` (whether the callback is a ``keras.callbacks.Callback``) and
        ``fits``: one dict per fit (none when it is not a callback) with the callback's
        ``rows`` and ``steps_per_epoch_seen`` after that fit (shallow copies; None when
        missing), the optimizer's ``iterations`` and fit's per-epoch ``loss`` history.

    Raises:
        Exception: whatever the learner's code raised, unchanged.
    """
    import keras

    callback = make_step_logger(*logger_args)
    observed = {"is_callback": isinstance(callback, keras.callbacks.Callback), "fits": []}
    if observed["is_callback"]:
        observed["fits"] = [_one_fit(callback, spec) for spec in fits]
    return observed


# lesson 03


def train_tbptt_from_state(
    train_tbptt, /, *, model, batches, targets, epochs: int, leftover=None
) -> dict:
    """Leave a state in ``model``'s stateful layers, then call the learner's ``train_tbptt``.

    A stateful layer's state does not travel with a saved model, so a scenario that needs one
    (a state left behind by an earlier run) is set up here, next to the learner's code.

    Args:
        train_tbptt: the learner's function ``train_tbptt(model, batches, targets, epochs)``.
        model: a compiled Keras model with stateful recurrent layers.
        batches: array (num_batches, batch_size, num_steps, num_features).
        targets: array (num_batches, batch_size, num_steps, 1).
        epochs: the number of epochs to ask for.
        leftover: an array (batch_size, num_steps, num_features) run through ``model`` first,
            so that its stateful layers hold a state; None for no state.

    Returns:
        dict: ``losses`` (what ``train_tbptt`` returned) and ``iterations`` (the optimizer's
        steps after the call). ``model`` keeps what the call did to it.

    Raises:
        Exception: whatever the learner's code raised, unchanged.
    """
    if leftover is not None:
        model(leftover)
    losses = train_tbptt(model, batches, targets, epochs)
    return {"losses": losses, "iterations": int(model.optimizer.iterations.numpy())}


# lesson 08


def _rate(schedule, step, *, as_tensor):
    import keras

    value = keras.ops.convert_to_tensor(step, dtype="int64") if as_tensor else step
    return float(schedule(value))


def schedule_rates(
    linear_warmup, /, *, start: float, target: float, warmup_steps: int, steps: list
) -> dict:
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
    found = {
        "is_schedule": is_schedule,
        "described": checks.describe(schedule),
        "at_int": None,
        "at_tensor": None,
        "tensor_error": None,
    }
    if is_schedule:
        found["at_int"] = [_rate(schedule, step, as_tensor=False) for step in steps]
        try:
            found["at_tensor"] = [_rate(schedule, step, as_tensor=True) for step in steps]
        except Exception as error:  # e.g. a float mixed with the int64 step tensor
            found["tensor_error"] = f"{type(error).__name__}: {str(error)[:200]}"
    return found


def rebuilt_schedule_rates(
    linear_warmup, /, *, start: float, target: float, warmup_steps: int, steps: list
) -> dict:
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
    return {
        "config_is_dict": isinstance(config, dict),
        "original": [_rate(schedule, step, as_tensor=False) for step in steps],
        "rebuilt": [_rate(rebuilt, step, as_tensor=False) for step in steps],
    }


def warmup_in_fit(
    linear_warmup, /, *, start: float, target: float, warmup_steps: int, fits: list
) -> dict:
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

    model = keras.Sequential(
        [keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    schedule = linear_warmup(start, target, warmup_steps)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="mse")
    found = {"after": [], "error": None, "message": ""}
    for num_samples, batch_size, epochs in fits:
        ones = np.ones((int(num_samples), 1), dtype="float32")
        try:
            model.fit(
                ones, ones, batch_size=int(batch_size), epochs=int(epochs), verbose=0, shuffle=False
            )
        except Exception as error:  # inside fit the step is a symbolic tensor
            found["error"], found["message"] = type(error).__name__, str(error)[:300]
            break
        found["after"].append(
            {
                "weight": float(model.get_weights()[0][0, 0]),
                "iterations": int(model.optimizer.iterations),
                "learning_rate": float(model.optimizer.learning_rate),
            }
        )
    return found


def fit_calls(
    fit_until_loss, /, *, num_samples: int, batch_size: int, learning_rate: float, max_epochs: int
) -> dict:
    """Run ``fit_until_loss`` on a linear model whose ``fit`` records how it is called.

    The model is ``Dense(1)`` from zeros with plain SGD and the MSE; the data are
    ``num_samples`` points of ``x`` in ``[-1, 1]`` with ``y = 2 x``; the target loss is 0.05.

    Args:
        fit_until_loss: the learner's function.
        num_samples: samples in ``X, y``.
        batch_size: the ``batch_size`` argument of the call.
        learning_rate: the SGD learning rate of the model.
        max_epochs: the ``max_epochs`` argument of the call.

    Returns:
        dict: ``"calls"``: one dict per call of ``model.fit``, with ``"callbacks"`` (the class
        names of the callbacks it was given) and ``"epochs"`` (the epochs it ran);
        ``"result_epochs"``: the ``"epochs"`` that ``fit_until_loss`` returned (an int, or
        ``None`` when it returned no such key).
    """
    import keras
    import numpy as np

    model = keras.Sequential(
        [keras.Input(shape=(1,)), keras.layers.Dense(1, kernel_initializer="zeros")]
    )
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="mse")
    calls, fit = [], model.fit

    def recording_fit(*args, **kwargs):
        callbacks = kwargs.get("callbacks", args[5] if len(args) > 5 else None) or []
        history = fit(*args, **kwargs)
        calls.append(
            {"callbacks": [type(c).__name__ for c in callbacks], "epochs": len(history.epoch)}
        )
        return history

    model.fit = recording_fit
    x = np.linspace(-1, 1, int(num_samples), dtype="float32").reshape(-1, 1)
    result = fit_until_loss(model, x, 2 * x, int(batch_size), 0.05, int(max_epochs))
    epochs = result.get("epochs") if isinstance(result, dict) else None
    return {"calls": calls, "result_epochs": None if epochs is None else int(epochs)}


# lesson 09


def compile_for_labels_fit(
    compile_for_labels, /, *, input_shape: list, num_classes: int, labels
) -> dict:
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

    model = keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape)),
            keras.layers.Dense(int(num_classes), activation="softmax"),
        ]
    )
    compiled = compile_for_labels(model, labels)
    found = {"same_model": compiled is model, "loss": None, "optimizer": None, "fit_error": None}
    if not isinstance(compiled, keras.Model) or not compiled.compiled:
        return found
    loss = compiled.loss
    found["loss"] = loss if isinstance(loss, str) else getattr(loss, "name", None)
    found["loss"] = found["loss"] or getattr(loss, "__name__", str(loss))  # a loss function
    found["optimizer"] = type(compiled.optimizer).__name__
    inputs = np.ones((len(labels), *input_shape), dtype="float32")
    compiled.run_eagerly = (
        True  # a few tiny batches: tracing a graph would cost more than running them
    )
    try:
        compiled.fit(inputs, labels, epochs=1, verbose=0)
    except Exception as error:  # labels whose shape does not match the loss
        found["fit_error"] = f"{type(error).__name__}: {str(error)[:200]}"
    return found
