"""helpers.probes: a routine reports what a learner's object did, so a right and a wrong answer
give different observations, and the observations are plain data that cross to the grader."""

import numpy as np
import pytest

from grader import codec
from helpers import probes

keras = pytest.importorskip("keras")
# Keras's own NumPy 2 notice, raised inside model.fit on NumPy inputs
pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings(
        "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
    ),
]


def _crosses(value, tmp_path):
    """``value`` after the trip from the learner's kernel to the grader."""
    return codec.decode(
        codec.encode(value, workdir=str(tmp_path)), trusted=True, workdir=str(tmp_path)
    )


# lesson 02


def make_step_logger(size_key="probe"):
    class StepLogger(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.rows, self.steps_per_epoch_seen = [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.steps_per_epoch_seen.append(0)

        def on_train_batch_end(self, batch, logs=None):
            self.rows.append((self.epoch, batch, int(logs[size_key]), float(logs["loss"])))
            self.steps_per_epoch_seen[-1] += 1

    return StepLogger()


def make_logger_never_reset(size_key="probe"):
    """Wrong: one step counter for the whole fit, and rows kept from one fit to the next."""

    class StepLogger(keras.callbacks.Callback):
        rows, steps_per_epoch_seen, step = [], [], 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            self.rows.append((self.epoch, self.step, int(logs[size_key]), float(logs["loss"])))
            self.step += 1

        def on_epoch_end(self, epoch, logs=None):
            self.steps_per_epoch_seen.append(self.step)

    return StepLogger()


@pytest.fixture(scope="module")
def table():
    rng = np.random.default_rng(0)
    return rng.normal(size=(23, 2)).astype("float32"), rng.normal(size=(23, 1)).astype("float32")


def _fits(inputs, targets):
    return [
        {"inputs": inputs, "targets": targets, "batch_size": 10, "epochs": 2},
        {"inputs": inputs, "targets": targets, "dataset_batch": 8, "epochs": 1},
    ]


def test_fit_with_step_logger_reports_rows_counts_steps_and_losses_of_every_fit(table, tmp_path):
    seen = _crosses(
        probes.fit_with_step_logger(make_step_logger, fits=_fits(*table), logger_args=("probe",)),
        tmp_path,
    )
    first, second = seen["fits"]
    assert seen["is_callback"] is True
    assert [row[:3] for row in first["rows"]] == [
        (e, s, n) for e in range(2) for s, n in enumerate([10, 10, 3])
    ]
    assert first["steps_per_epoch_seen"] == [3, 3] and first["iterations"] == 6
    assert np.allclose([first["rows"][k][3] for k in (2, 5)], first["loss"])
    assert isinstance(first["rows"][0][3], float) and isinstance(first["rows"][0][2], int)
    assert second["iterations"] == 3 and len(second["loss"]) == 1


def test_fit_with_step_logger_names_the_size_metric_as_asked(table):
    fits = [{**_fits(*table)[1], "size_key": "size"}]
    seen = probes.fit_with_step_logger(make_step_logger, fits=fits, logger_args=("size",))
    assert [row[2] for row in seen["fits"][0]["rows"]] == [8, 8, 7]
    with pytest.raises(
        KeyError
    ):  # the learner's callback reads logs["probe"]; the metric is "size"
        probes.fit_with_step_logger(make_step_logger, fits=fits)


def test_a_wrong_step_logger_gives_other_observations(table):
    right = probes.fit_with_step_logger(make_step_logger, fits=_fits(*table)[:1] * 2)
    wrong = probes.fit_with_step_logger(make_logger_never_reset, fits=_fits(*table)[:1] * 2)
    assert [r["steps_per_epoch_seen"] for r in right["fits"]] == [[3, 3], [3, 3]]
    assert [r["steps_per_epoch_seen"] for r in wrong["fits"]] == [[3, 6], [3, 6, 9, 12]]
    assert [row[:2] for row in wrong["fits"][0]["rows"]] != [
        row[:2] for row in right["fits"][0]["rows"]
    ]
    assert len(wrong["fits"][1]["rows"]) == 12 != wrong["fits"][1]["iterations"]


def test_something_that_is_not_a_callback_is_reported_not_fitted(table):
    seen = probes.fit_with_step_logger(lambda: [], fits=_fits(*table))
    assert seen == {"is_callback": False, "fits": []}


def test_a_callback_without_the_attributes_reports_none(table):
    seen = probes.fit_with_step_logger(keras.callbacks.Callback, fits=_fits(*table)[:1])
    assert seen["fits"][0]["rows"] is None and seen["fits"][0]["steps_per_epoch_seen"] is None


# lesson 03


def train_tbptt(model, batches, targets, epochs):
    losses = np.zeros((epochs, len(batches)))
    for epoch in range(epochs):
        for layer in model.layers:
            if getattr(layer, "stateful", False):
                layer.reset_state()
        for k in range(len(batches)):
            losses[epoch, k] = model.train_on_batch(batches[k], targets[k])
    return losses


def train_tbptt_reset_at_end(model, batches, targets, epochs):
    """Wrong: the reset after every epoch, so the first one inherits the state left in the model."""
    losses = np.zeros((epochs, len(batches)))
    for epoch in range(epochs):
        for k in range(len(batches)):
            losses[epoch, k] = model.train_on_batch(batches[k], targets[k])
        for layer in model.layers:
            if getattr(layer, "stateful", False):
                layer.reset_state()
    return losses


def _stateful_model(learning_rate):
    inputs = keras.Input(batch_shape=(2, 3, 1))
    hidden = keras.layers.SimpleRNN(2, stateful=True, return_sequences=True)(
        inputs
    )  # (batch_size, timesteps, num_features) -> (batch_size, timesteps, units)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer=keras.optimizers.SGD(learning_rate), loss="mse")
    return model


@pytest.fixture(scope="module")
def pieces():
    wave = np.sin(np.arange(19) * 0.5).astype("float32")
    batches = (
        wave[:18].reshape(2, 3, 3).transpose(1, 0, 2)[..., None]
    )  # (num_batches, batch_size, num_steps, 1)
    targets = wave[1:19].reshape(2, 3, 3).transpose(1, 0, 2)[..., None]
    return batches, targets, np.full((2, 3, 1), 3.0, dtype="float32")


def _observe(function, pieces, *, learning_rate=0.0, leftover=True):
    batches, targets, left = pieces
    model = _stateful_model(learning_rate)
    start = [w.copy() for w in model.get_weights()]
    seen = probes.train_tbptt_from_state(
        function,
        model=model,
        batches=batches,
        targets=targets,
        epochs=2,
        leftover=left if leftover else None,
    )
    return seen, model, start


def test_train_tbptt_from_state_leaves_a_state_that_a_wrong_reset_inherits(pieces, tmp_path):
    keras.utils.set_random_seed(0)
    right, _, _ = _observe(train_tbptt, pieces)
    keras.utils.set_random_seed(0)
    wrong, _, _ = _observe(train_tbptt_reset_at_end, pieces)
    right, wrong = _crosses(right, tmp_path), _crosses(wrong, tmp_path)
    assert right["losses"].shape == wrong["losses"].shape == (2, 3)
    assert np.allclose(
        right["losses"][0], right["losses"][1]
    )  # learning rate 0: both epochs from a zero state
    assert not np.allclose(
        wrong["losses"][0], right["losses"][0]
    )  # the state left behind reached epoch 1
    assert np.allclose(wrong["losses"][1], right["losses"][1])
    assert right["iterations"] == wrong["iterations"] == 6


def test_without_a_leftover_the_two_resets_agree(pieces):
    keras.utils.set_random_seed(0)
    right, _, _ = _observe(train_tbptt, pieces, leftover=False)
    keras.utils.set_random_seed(0)
    wrong, _, _ = _observe(train_tbptt_reset_at_end, pieces, leftover=False)
    assert np.allclose(right["losses"], wrong["losses"])


def test_the_model_keeps_what_train_tbptt_did_to_it(pieces):
    seen, model, start = _observe(train_tbptt, pieces, learning_rate=0.1)
    assert seen["iterations"] == int(model.optimizer.iterations.numpy()) == 6
    assert not all(np.allclose(a, b) for a, b in zip(model.get_weights(), start))


# lessons 08 and 09


def _warmup(body):
    """A linear_warmup whose schedule returns ``body(self, step)``."""

    class Warmup(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, start, target, warmup_steps):
            self.start, self.target, self.warmup_steps = start, target, warmup_steps

        def __call__(self, step):
            return body(self, step)

        def get_config(self):
            return {"start": self.start, "target": self.target, "warmup_steps": self.warmup_steps}

    return lambda start, target, warmup_steps: Warmup(start, target, warmup_steps)


def _ramp(self, step):
    fraction = keras.ops.minimum(keras.ops.cast(step, "float32") / self.warmup_steps, 1.0)
    return self.start + fraction * (self.target - self.start)


def _python_if(self, step):
    if step < self.warmup_steps:
        return self.start + (self.target - self.start) * step / self.warmup_steps
    return self.target


RIGHT = _warmup(_ramp)
FROM_ZERO = _warmup(
    lambda self, step: (
        self.target * keras.ops.minimum(keras.ops.cast(step, "float32") / self.warmup_steps, 1.0)
    )
)
PYTHON_IF = _warmup(_python_if)


def test_schedule_rates_reads_the_ramp_and_tells_a_wrong_one():
    right = probes.schedule_rates(RIGHT, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20])
    assert right["is_schedule"] and right["tensor_error"] is None
    assert np.allclose(right["at_int"], [0.1, 0.3, 0.5]) and np.allclose(
        right["at_tensor"], [0.1, 0.3, 0.5]
    )
    wrong = probes.schedule_rates(
        FROM_ZERO, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20]
    )
    assert np.allclose(wrong["at_int"], [0.0, 0.25, 0.5])
    failing = probes.schedule_rates(
        PYTHON_IF, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20]
    )
    assert failing["tensor_error"] is not None and failing["at_tensor"] is None


def test_schedule_rates_says_when_no_schedule_came_back():
    seen = probes.schedule_rates(
        lambda start, target, warmup_steps: 0.1, start=0.1, target=0.5, warmup_steps=10, steps=[0]
    )
    assert seen["is_schedule"] is False and seen["at_int"] is None and "0.1" in seen["described"]


def test_rebuilt_schedule_rates_compares_the_copy_with_the_original():
    right = probes.rebuilt_schedule_rates(
        RIGHT, start=0.02, target=0.16, warmup_steps=8, steps=[0, 4, 8]
    )
    assert right["config_is_dict"] and np.allclose(right["rebuilt"], [0.02, 0.09, 0.16])
    wrong = probes.rebuilt_schedule_rates(
        FROM_ZERO, start=0.02, target=0.16, warmup_steps=8, steps=[0, 4, 8]
    )
    assert not np.allclose(wrong["rebuilt"], right["rebuilt"])


def test_warmup_in_fit_trains_with_the_schedule_and_reports_a_failing_one():
    right = probes.warmup_in_fit(
        RIGHT, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1], [4, 1, 2]]
    )
    assert right["error"] is None
    assert np.isclose(right["after"][0]["weight"], 0.02) and right["after"][1]["iterations"] == 9
    assert np.isclose(right["after"][1]["learning_rate"], 0.05)
    wrong = probes.warmup_in_fit(
        FROM_ZERO, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1]]
    )
    assert np.isclose(wrong["after"][0]["weight"], 0.0)
    failing = probes.warmup_in_fit(
        PYTHON_IF, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1]]
    )
    assert failing["error"] is not None and failing["after"] == []


def _fit_with_callback(model, X, y, batch_size, target_loss, max_epochs):
    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = logs["val_loss"] <= target_loss

    history = model.fit(
        X,
        y,
        batch_size=batch_size,
        epochs=max_epochs,
        verbose=0,
        validation_data=(X, y),
        callbacks=[Stop()],
    )
    return {"epochs": len(history.epoch)}


def _fit_in_a_loop(model, X, y, batch_size, target_loss, max_epochs):
    for epoch in range(1, max_epochs + 1):
        model.fit(X, y, batch_size=batch_size, epochs=1, verbose=0)
        if model.evaluate(X, y, verbose=0) <= target_loss:
            break
    return {"epochs": epoch}


def test_fit_calls_sees_one_call_with_a_callback_or_a_loop_without(tmp_path):
    right = probes.fit_calls(
        _fit_with_callback, num_samples=16, batch_size=4, learning_rate=0.1, max_epochs=30
    )
    assert [call["callbacks"] for call in right["calls"]] == [["Stop"]]
    assert right["calls"][0]["epochs"] == right["result_epochs"] < 30
    loop = probes.fit_calls(
        _fit_in_a_loop, num_samples=16, batch_size=4, learning_rate=0.1, max_epochs=30
    )
    assert len(loop["calls"]) == loop["result_epochs"] > 1
    assert all(call == {"callbacks": [], "epochs": 1} for call in loop["calls"])
    assert _crosses(loop, tmp_path) == loop


def _compile_with(choose):
    def compile_for_labels(model, labels):
        model.compile(optimizer="adam", loss=choose(np.asarray(labels), model))
        return model

    return compile_for_labels


def test_compile_for_labels_fit_reports_the_loss_and_whether_fit_runs():
    ids = np.array([0, 1, 2, 1])
    right = _compile_with(
        lambda labels, model: (
            "categorical_crossentropy"
            if labels.ndim == len(model.output_shape) and labels.shape[-1] == 3
            else "sparse_categorical_crossentropy"
        )
    )
    seen = probes.compile_for_labels_fit(right, input_shape=[4], num_classes=3, labels=ids[:, None])
    assert seen == {
        "same_model": True,
        "loss": "sparse_categorical_crossentropy",
        "optimizer": "Adam",
        "fit_error": None,
    }
    always_categorical = _compile_with(lambda labels, model: "categorical_crossentropy")
    seen = probes.compile_for_labels_fit(
        always_categorical, input_shape=[4], num_classes=3, labels=ids[:, None]
    )
    assert seen["loss"] == "categorical_crossentropy" and seen["fit_error"].startswith("ValueError")


def test_compile_for_labels_fit_sees_a_new_model():
    def new_model(model, labels):
        other = keras.Sequential(
            [keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")]
        )
        other.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return other

    seen = probes.compile_for_labels_fit(
        new_model, input_shape=[4], num_classes=3, labels=np.array([0, 1])
    )
    assert seen["same_model"] is False and seen["fit_error"] is None
