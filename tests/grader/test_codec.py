"""grader.codec: what crosses between the student's kernel and the grader, and what does not."""

import io
import json
import math
import zipfile

import numpy as np
import pytest

from grader import codec


def roundtrip(value, tmp_path):
    return codec.decode(codec.encode(value, workdir=tmp_path), trusted=True, workdir=tmp_path)


def test_plain_data_comes_back_equal_with_its_types(tmp_path):
    value = {
        "a": [1, 2.5, "x", None, True],
        3: (np.float32(1.5), np.int64(7)),
        "arr": np.arange(6, dtype="int16").reshape(2, 3),
        "b": np.array([True, False]),
    }
    got = roundtrip(value, tmp_path)
    assert got["a"] == [1, 2.5, "x", None, True]
    assert isinstance(got[3], tuple) and got[3][0].dtype == np.float32 and got[3][1] == 7
    assert got["arr"].dtype == np.int16 and got["arr"].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert got["b"].dtype == bool


def test_non_finite_floats_survive_json(tmp_path):
    got = roundtrip([math.nan, math.inf, -math.inf], tmp_path)
    assert math.isnan(got[0]) and got[1] == math.inf and got[2] == -math.inf


@pytest.mark.parametrize(
    "value, named",
    [
        (object(), "builtins.object"),
        (np.array(["a"], dtype=object), "dtype object"),
        ({(1, 2): 3}, "str or int keys"),
        (lambda x: x, "function"),
    ],
)
def test_what_cannot_cross_is_refused_by_name(value, named, tmp_path):
    with pytest.raises(TypeError, match=named):
        codec.encode(value, workdir=tmp_path)


def _archive(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_pickled_array_is_not_loaded(tmp_path):
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    data = _archive(
        {"tree.json": json.dumps({"$": "nd", "ref": "a.npy"}), "a.npy": buffer.getvalue()}
    )
    with pytest.raises(ValueError, match="pickle|Object arrays"):
        codec.decode(data, trusted=True, workdir=tmp_path)


def test_oversized_and_malformed_archives_are_refused(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="not a valid archive"):
        codec.decode(b"not a zip", trusted=True)
    monkeypatch.setattr(codec, "MAX_BYTES", 1000)
    big = codec.encode(np.zeros(1000), workdir=tmp_path)
    with pytest.raises(ValueError, match="at most 1,000"):
        codec.decode(big, trusted=True)
    with pytest.raises(ValueError, match="unknown kind"):
        codec.decode(_archive({"tree.json": json.dumps({"$": "pickle"})}), trusted=True)
    with pytest.raises(ValueError, match="missing member"):
        codec.decode(
            _archive({"tree.json": json.dumps({"$": "nd", "ref": "../etc/passwd"})}), trusted=True
        )


@pytest.mark.slow  # builds and moves Keras models: make test
def test_a_keras_model_crosses_with_its_weights_and_compilation(tmp_path):
    import keras

    model = keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    got = roundtrip(model, tmp_path)
    x = np.ones((2, 3), dtype="float32")
    assert np.allclose(np.asarray(got(x)), np.asarray(model(x)))
    assert type(got.optimizer).__name__ == "SGD" and got.compiled


@pytest.mark.slow  # builds and moves Keras models: make test
def test_a_model_with_a_lambda_is_refused_on_the_trusted_side(tmp_path):
    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Lambda(lambda t: t * 2)])
    data = codec.encode(model, workdir=tmp_path)
    with pytest.raises(ValueError, match="could not be loaded safely"):
        codec.decode(data, trusted=True, workdir=tmp_path)


@pytest.mark.slow  # builds and moves Keras models: make test
def test_a_dataset_crosses_as_its_batches_spec_and_cardinality(tmp_path):
    import tensorflow as tf

    x = np.arange(10, dtype="float32").reshape(5, 2)
    dataset = tf.data.Dataset.from_tensor_slices((x, x[:, 0])).batch(2)
    got = roundtrip(dataset, tmp_path)
    assert got.element_spec == dataset.element_spec
    assert int(got.cardinality()) == 3
    assert [b[0].shape[0] for b in got] == [2, 2, 1]
    assert np.array_equal(np.concatenate([b[0] for b in got]), x)


@pytest.mark.slow  # builds and moves Keras models: make test
def test_a_reshuffling_dataset_replays_two_orders_and_an_infinite_one_repeats(tmp_path):
    import tensorflow as tf

    shuffled = tf.data.Dataset.range(50).shuffle(50, seed=1, reshuffle_each_iteration=True)
    got = roundtrip(shuffled, tmp_path)
    first, second = [int(v) for v in got], [int(v) for v in got]
    assert sorted(first) == sorted(second) == list(range(50)) and first != second
    endless = roundtrip(tf.data.Dataset.range(3).repeat(), tmp_path)
    assert int(endless.cardinality()) == int(tf.data.INFINITE_CARDINALITY)
    assert [int(v) for v in endless.take(7)] == [0, 1, 2, 0, 1, 2, 0]


@pytest.mark.slow  # builds and moves Keras models: make test
def test_loading_a_compiled_model_warns_nothing_a_check_could_mistake_for_the_students(tmp_path):
    import warnings

    import keras

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        roundtrip(model, tmp_path)
    assert [str(w.message) for w in caught] == []


def _passes_recorded(value, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(codec.encode(value, workdir=tmp_path)))
    return len(json.loads(archive.read("tree.json"))["passes"])


@pytest.mark.slow  # iterates TensorFlow pipelines: make test
def test_a_pass_is_recorded_again_only_while_the_passes_differ(tmp_path):
    """A pipeline whose second pass repeats its first is sent once and replayed for every pass
    (as it would run); one that changes between passes is sent with all its passes."""
    import tensorflow as tf

    same = tf.data.Dataset.from_tensor_slices(np.arange(12.0).reshape(6, 2)).batch(4)
    assert _passes_recorded(same, tmp_path) == 1
    got = roundtrip(same, tmp_path)
    assert [[b.numpy().tolist() for b in got] for _ in range(3)] == [
        [b.numpy().tolist() for b in same]
    ] * 3
    calls = []

    def changing():  # the third pass differs from the second, the second from the first
        calls.append(1)
        yield from [len(calls), 10 * len(calls)]

    spec = tf.TensorSpec((), tf.int64)
    drifting = tf.data.Dataset.from_generator(changing, output_signature=spec)
    assert _passes_recorded(drifting, tmp_path) == codec.DATASET_PASSES == 3
    calls.clear()
    got = roundtrip(tf.data.Dataset.from_generator(changing, output_signature=spec), tmp_path)
    assert [[int(v) for v in got] for _ in range(4)] == [[1, 10], [2, 20], [3, 30], [3, 30]]
    shuffled = tf.data.Dataset.range(8).shuffle(8, seed=3, reshuffle_each_iteration=True)
    assert _passes_recorded(shuffled, tmp_path) == 3
