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

__all__ = ["fit_with_step_logger", "train_tbptt_from_state"]


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
    model.compile(optimizer=keras.optimizers.SGD(spec.get("learning_rate", 0.01)), loss="mse",
                  metrics=[_size_metric(spec.get("size_key", "probe"))])
    data = {"x": inputs, "y": targets}
    if spec.get("dataset_batch"):
        data = {"x": tf.data.Dataset.from_tensor_slices((inputs, targets)).batch(spec["dataset_batch"])}
    history = model.fit(**data, batch_size=spec.get("batch_size"), epochs=spec["epochs"],
                        shuffle=spec.get("shuffle", False), verbose=0, callbacks=[callback])
    return {"rows": _snapshot(callback, "rows"),
            "steps_per_epoch_seen": _snapshot(callback, "steps_per_epoch_seen"),
            "iterations": int(model.optimizer.iterations.numpy()),
            "loss": [float(v) for v in history.history.get("loss", [])]}


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


def train_tbptt_from_state(train_tbptt, /, *, model, batches, targets, epochs: int, leftover=None) -> dict:
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
