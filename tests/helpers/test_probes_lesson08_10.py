"""helpers.probes, lessons 08-10: each routine tells a right learner function from a wrong one."""

import numpy as np
import pytest

from helpers import probes

keras = pytest.importorskip("keras")


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
FROM_ZERO = _warmup(lambda self, step: self.target * keras.ops.minimum(
    keras.ops.cast(step, "float32") / self.warmup_steps, 1.0))
PYTHON_IF = _warmup(_python_if)


def test_schedule_rates_reads_the_ramp_and_tells_a_wrong_one():
    right = probes.schedule_rates(RIGHT, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20])
    assert right["is_schedule"] and right["tensor_error"] is None
    assert np.allclose(right["at_int"], [0.1, 0.3, 0.5]) and np.allclose(right["at_tensor"], [0.1, 0.3, 0.5])
    wrong = probes.schedule_rates(FROM_ZERO, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20])
    assert np.allclose(wrong["at_int"], [0.0, 0.25, 0.5])
    failing = probes.schedule_rates(PYTHON_IF, start=0.1, target=0.5, warmup_steps=10, steps=[0, 5, 20])
    assert failing["tensor_error"] is not None and failing["at_tensor"] is None


def test_schedule_rates_says_when_no_schedule_came_back():
    seen = probes.schedule_rates(lambda start, target, warmup_steps: 0.1, start=0.1, target=0.5,
                                 warmup_steps=10, steps=[0])
    assert seen["is_schedule"] is False and seen["at_int"] is None and "0.1" in seen["described"]


def test_rebuilt_schedule_rates_compares_the_copy_with_the_original():
    right = probes.rebuilt_schedule_rates(RIGHT, start=0.02, target=0.16, warmup_steps=8, steps=[0, 4, 8])
    assert right["config_is_dict"] and np.allclose(right["rebuilt"], [0.02, 0.09, 0.16])
    wrong = probes.rebuilt_schedule_rates(FROM_ZERO, start=0.02, target=0.16, warmup_steps=8, steps=[0, 4, 8])
    assert not np.allclose(wrong["rebuilt"], right["rebuilt"])


def test_warmup_in_fit_trains_with_the_schedule_and_reports_a_failing_one():
    right = probes.warmup_in_fit(RIGHT, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1], [4, 1, 2]])
    assert right["error"] is None
    assert np.isclose(right["after"][0]["weight"], 0.02) and right["after"][1]["iterations"] == 9
    assert np.isclose(right["after"][1]["learning_rate"], 0.05)
    wrong = probes.warmup_in_fit(FROM_ZERO, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1]])
    assert np.isclose(wrong["after"][0]["weight"], 0.0)
    failing = probes.warmup_in_fit(PYTHON_IF, start=0.01, target=0.05, warmup_steps=4, fits=[[4, 4, 1]])
    assert failing["error"] is not None and failing["after"] == []


def _compile_with(choose):
    def compile_for_labels(model, labels):
        model.compile(optimizer="adam", loss=choose(np.asarray(labels), model))
        return model

    return compile_for_labels


def test_compile_for_labels_fit_reports_the_loss_and_whether_fit_runs():
    ids = np.array([0, 1, 2, 1])
    right = _compile_with(lambda labels, model: "categorical_crossentropy"
                          if labels.ndim == len(model.output_shape) and labels.shape[-1] == 3
                          else "sparse_categorical_crossentropy")
    seen = probes.compile_for_labels_fit(right, input_shape=[4], num_classes=3, labels=ids[:, None])
    assert seen == {"same_model": True, "loss": "sparse_categorical_crossentropy", "optimizer": "Adam",
                    "fit_error": None}
    always_categorical = _compile_with(lambda labels, model: "categorical_crossentropy")
    seen = probes.compile_for_labels_fit(always_categorical, input_shape=[4], num_classes=3, labels=ids[:, None])
    assert seen["loss"] == "categorical_crossentropy" and seen["fit_error"].startswith("ValueError")


def test_compile_for_labels_fit_sees_a_new_model():
    def new_model(model, labels):
        other = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        other.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return other

    seen = probes.compile_for_labels_fit(new_model, input_shape=[4], num_classes=3, labels=np.array([0, 1]))
    assert seen["same_model"] is False and seen["fit_error"] is None
