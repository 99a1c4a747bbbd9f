"""Plain data across the wall between the trusted grader and the student's kernel.

A value crosses as one ZIP archive: ``tree.json`` describes it, and each NumPy array
(``.npy``) and Keras model (``.keras``) in it is a member of its own. What may cross:

- ``None``, ``bool``, ``int``, ``float`` (``nan`` and ``inf`` too), ``str``;
- ``list``, ``tuple`` and ``dict`` (keys: ``str`` or ``int``) of these;
- NumPy arrays and scalars of a numeric or boolean dtype (TensorFlow tensors become arrays);
- a Keras model, saved as a ``.keras`` file; the trusted side loads it with
  ``safe_mode=True`` (no lambdas, no custom code);
- a Keras optimizer, by its configuration;
- a ``tf.data.Dataset``, as a bounded recording: its element spec, its cardinality and its
  elements over :data:`DATASET_PASSES` passes (a reshuffling dataset shows as many orders;
  one whose second pass repeats its first is recorded once, and replayed for every pass);
  an infinite one, its first :data:`MAX_DATASET_ELEMENTS` elements, repeated;

Anything else is refused with a ``TypeError`` that names it. :func:`decode` on the trusted
side (``trusted=True``) checks every member's size before reading it, the archive's total, the
dtypes and the depth: the archive comes from code the student controls.

This module is also sent, as source, to the student's kernel (``grader.agent``): it imports
nothing of the grader and imports TensorFlow only when a value needs it.
"""

import io
import json
import math
import warnings
import zipfile

import numpy as np

__all__ = ["DATASET_PASSES", "MAX_BYTES", "MAX_DATASET_ELEMENTS", "decode", "encode"]

#: the largest archive (and the largest sum of its members) that the trusted side reads
MAX_BYTES = 64 * 1024 * 1024
#: elements of a dataset recorded per pass
MAX_DATASET_ELEMENTS = 256
#: passes recorded over a finite dataset (a reshuffling one shows as many orders)
DATASET_PASSES = 3
_MAX_DEPTH = 12
_MAX_ITEMS = 100_000
_NUMERIC_KINDS = "biufc"


def _is_keras(value, kind):
    module = type(value).__module__ or ""
    if not module.startswith(("keras", "tensorflow")):
        return False
    import keras

    base = {"model": keras.Model, "optimizer": keras.optimizers.Optimizer}[kind]
    return isinstance(value, base)


def _spec_tree(spec):
    """An element spec as a tree of ``{"$": "spec"}`` leaves."""
    if isinstance(spec, (tuple, list)):
        return {"$": "tuple", "items": [_spec_tree(s) for s in spec]}
    if isinstance(spec, dict):
        return {"$": "dict", "items": [[k, _spec_tree(s)] for k, s in spec.items()]}
    shape = None if spec.shape.rank is None else [None if d is None else int(d) for d in spec.shape]
    return {"$": "spec", "shape": shape, "dtype": spec.dtype.name}


def _same_pass(first, second):
    """Whether two passes over a dataset gave the same elements, in the same order."""
    import tensorflow as tf

    if len(first) != len(second):
        return False
    for a, b in zip(first, second):
        try:
            tf.nest.assert_same_structure(a, b)
        except (TypeError, ValueError):
            return False
        for x, y in zip(tf.nest.flatten(a), tf.nest.flatten(b)):
            x, y = np.asarray(x), np.asarray(y)
            if x.dtype != y.dtype or not np.array_equal(x, y):
                return False
    return True


class _Writer:
    def __init__(self, archive, workdir):
        self.archive, self.workdir, self.count = archive, workdir, 0

    def member(self, suffix, data):
        self.count += 1
        name = f"m{self.count}{suffix}"
        self.archive.writestr(name, data)
        return name

    def array(self, value):
        buffer = io.BytesIO()
        np.save(buffer, value, allow_pickle=False)
        return {"$": "nd", "ref": self.member(".npy", buffer.getvalue())}

    def model(self, value):
        import os
        import tempfile

        with tempfile.TemporaryDirectory(dir=self.workdir) as folder:
            path = os.path.join(folder, "model.keras")
            with warnings.catch_warnings():  # Keras's own notices about saving
                warnings.simplefilter("ignore")
                value.save(path)
            with open(path, "rb") as handle:
                return {"$": "model", "ref": self.member(".keras", handle.read())}

    def dataset(self, value, depth):
        import tensorflow as tf

        cardinality = int(value.cardinality())
        passes, last = [], None
        for _ in range(1 if cardinality == tf.data.INFINITE_CARDINALITY else DATASET_PASSES):
            raw = [e for e, _ in zip(value, range(MAX_DATASET_ELEMENTS))]
            if last is not None and _same_pass(raw, last):
                break  # the same pass twice: the replay repeats it, as the pipeline would
            passes.append([self.tree(e, depth + 1) for e in raw])
            last = raw
        return {
            "$": "dataset",
            "cardinality": cardinality,
            "passes": passes,
            "spec": _spec_tree(value.element_spec),
        }

    def tree(self, value, depth=0):
        if depth > _MAX_DEPTH:
            raise TypeError("the value is nested too deeply to send")
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
        if isinstance(value, (np.ndarray, np.generic)):
            if value.dtype.kind not in _NUMERIC_KINDS:
                raise TypeError(f"an array of dtype {value.dtype} cannot be sent (numbers only)")
            return (
                self.array(value)
                if isinstance(value, np.ndarray)
                else {"$": "scalar", "v": self.array(value)}
            )
        if isinstance(value, (list, tuple)):
            items = [self.tree(item, depth + 1) for item in value]
            return items if isinstance(value, list) else {"$": "tuple", "items": items}
        if isinstance(value, dict):
            if not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in value):
                raise TypeError("a dict can be sent only with str or int keys")
            return {"$": "dict", "items": [[k, self.tree(v, depth + 1)] for k, v in value.items()]}
        module = type(value).__module__ or ""
        if module.startswith("tensorflow") and hasattr(value, "numpy") and hasattr(value, "dtype"):
            return self.tree(np.asarray(value.numpy()), depth)
        if module.startswith(("tensorflow", "keras")) and hasattr(value, "element_spec"):
            return self.dataset(value, depth)
        if _is_keras(value, "model"):
            return self.model(value)
        if _is_keras(value, "optimizer"):
            import keras

            return {
                "$": "optimizer",
                "config": json.loads(json.dumps(keras.optimizers.serialize(value), default=float)),
            }
        raise TypeError(
            f"a value of type {type(value).__module__}.{type(value).__qualname__} cannot be sent "
            "(numbers, strings, lists, dicts, NumPy arrays, Keras models and datasets only)"
        )


def encode(value, *, workdir=None):
    """The archive (bytes) that carries ``value``.

    Args:
        value: a value of the kinds listed in the module docstring.
        workdir: a folder for the temporary ``.keras`` files (default: the system's).

    Returns:
        bytes: a ZIP archive.

    Raises:
        TypeError: when ``value`` holds something that cannot cross.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        tree = _Writer(archive, workdir).tree(value)
        archive.writestr("tree.json", json.dumps(tree))
    return buffer.getvalue()


class _Reader:
    def __init__(self, archive, trusted, workdir):
        self.archive, self.trusted, self.workdir, self.items = archive, trusted, workdir, 0

    def member(self, ref):
        if not isinstance(ref, str) or ref not in self.archive.namelist():
            raise ValueError(f"the archive refers to a missing member {ref!r}")
        return self.archive.read(ref)

    def array(self, node):
        value = np.load(io.BytesIO(self.member(node.get("ref"))), allow_pickle=False)
        if value.dtype.kind not in _NUMERIC_KINDS:
            raise ValueError(f"an array of dtype {value.dtype} came back (numbers only)")
        return value

    def model(self, node):
        import os
        import tempfile

        import keras

        with tempfile.TemporaryDirectory(dir=self.workdir) as folder:
            path = os.path.join(folder, "model.keras")
            with open(path, "wb") as handle:
                handle.write(self.member(node.get("ref")))
            try:
                with (
                    warnings.catch_warnings()
                ):  # Keras's notices about loading (an unbuilt optimizer)
                    warnings.simplefilter("ignore")
                    return keras.saving.load_model(path, safe_mode=True)
            except Exception as exc:  # a custom class, a lambda, a broken file
                raise ValueError(
                    f"the Keras model could not be loaded safely ({type(exc).__name__}: "
                    f"{str(exc)[:300]}); use built-in Keras layers only"
                ) from None

    def dataset(self, node, depth):
        spec = self.tree(node.get("spec"), depth + 1)
        passes = [
            [self.tree(e, depth + 1) for e in elements] for elements in node.get("passes", [])
        ]
        cardinality = int(node.get("cardinality", -2))
        return _replay(passes, spec, cardinality)

    def tree(self, node, depth=0):
        self.items += 1
        if depth > _MAX_DEPTH or self.items > _MAX_ITEMS:
            raise ValueError("the value is nested too deeply or has too many items")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.tree(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            raise ValueError("the archive holds an unknown value")
        kind = node.get("$")
        if kind == "float":
            return float(node.get("v"))
        if kind == "nd":
            return self.array(node)
        if kind == "scalar":
            return self.array(node.get("v"))[()]
        if kind == "tuple":
            return tuple(self.tree(item, depth + 1) for item in node.get("items", []))
        if kind == "dict":
            return {
                (k if isinstance(k, (str, int)) else str(k)): self.tree(v, depth + 1)
                for k, v in node.get("items", [])
            }
        if kind == "spec":
            import tensorflow as tf

            shape = node.get("shape")
            return tf.TensorSpec(
                None if shape is None else [None if d is None else int(d) for d in shape],
                tf.as_dtype(str(node.get("dtype"))),
            )
        if kind == "model":
            return self.model(node)
        if kind == "dataset":
            return self.dataset(node, depth)
        if kind == "optimizer":
            import keras

            return keras.optimizers.deserialize(node.get("config"))
        raise ValueError(f"the archive holds an unknown kind of value {kind!r}")


def _replay(passes, spec, cardinality):
    """A ``tf.data.Dataset`` that yields the recorded passes in turn."""
    import tensorflow as tf

    state = {"next": 0}

    def generate():
        elements = passes[min(state["next"], len(passes) - 1)] if passes else []
        state["next"] += 1
        yield from elements

    dataset = tf.data.Dataset.from_generator(generate, output_signature=spec)
    if cardinality == tf.data.INFINITE_CARDINALITY:
        return dataset.repeat()
    if cardinality >= 0:
        return dataset.apply(tf.data.experimental.assert_cardinality(cardinality))
    return dataset


def decode(data, *, trusted, workdir=None):
    """The value an archive of :func:`encode` carries.

    Args:
        data: the archive's bytes.
        trusted: ``True`` on the grader's side: sizes are checked before anything is read,
            and Keras models load with ``safe_mode=True``.
        workdir: a folder for temporary ``.keras`` files.

    Returns:
        the value.

    Raises:
        ValueError: when the archive is too large, malformed, or holds what may not cross.
    """
    if trusted and len(data) > MAX_BYTES:
        raise ValueError(f"the answer is {len(data):,} bytes; at most {MAX_BYTES:,} are read")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ValueError(f"the answer is not a valid archive ({exc})") from None
    if trusted and (len(infos) > 10_000 or sum(i.file_size for i in infos) > MAX_BYTES):
        raise ValueError("the answer's archive is too large")
    with archive:
        tree = json.loads(archive.read("tree.json"))
        return _Reader(archive, trusted, workdir).tree(tree)
