"""Named wrong answers of lesson 12 (12_what_fit_takes): the misconceptions its autograder rejects,
and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "12_what_fit_takes"

_INDICES = """
    def validation_indices(num_samples, validation_split):
        split_at = math.floor(num_samples * (1.0 - validation_split))
        {guard}
        return {indices}
"""

_GUARD = "if split_at in (0, num_samples): raise ValueError('no training or no validation sample')"

_DATASETS = """
    def train_and_validation(X, y, batch_size, validation_fraction):
        split_at = {split_at}
        everything = tf.data.Dataset.from_tensor_slices((X, y)){before}
        train = everything.take(split_at).batch(batch_size)
        validation = everything.skip(split_at){validation_batch}
        return train, validation
"""

_LOSS = """
    def reported_loss(per_step_loss, sample_weight, mask):
        loss = np.asarray(per_step_loss, dtype="float64")
        w = np.ones_like(loss) if sample_weight is None else np.asarray(sample_weight, dtype="float64")
        m = np.ones_like(loss) if mask is None else np.asarray(mask, dtype="float64")
        return float({formula})
"""

_COMPILE = """
    def compile_for_effective_batch(model, batch_size, effective_batch_size, learning_rate):
        steps = {steps}
        optimizer = keras.optimizers.SGD({rate}, gradient_accumulation_steps={accumulate})
        model.compile(optimizer=optimizer, loss="mse")
        return model
"""


def _indices(guard=_GUARD, indices="list(range(split_at, num_samples))"):
    return _INDICES.format(guard=guard, indices=indices)


def _datasets(
    split_at="math.floor(len(X) * (1.0 - validation_fraction))",
    before="",
    validation_batch=".batch(batch_size)",
):
    return _DATASETS.format(split_at=split_at, before=before, validation_batch=validation_batch)


def _loss(formula):
    return _LOSS.format(formula=formula)


def _compile(
    steps="effective_batch_size // batch_size",
    rate="learning_rate",
    accumulate="steps if steps > 1 else None",
):
    return _COMPILE.format(steps=steps, rate=rate, accumulate=accumulate)


WRONG_ANSWERS = {
    "the first samples held out; the validation dataset not batched; divided by the sum of the weights; "
    "the effective batch size as the number of steps": wrong(
        validation_indices=_indices(indices="list(range(num_samples - split_at))"),
        train_and_validation=_datasets(validation_batch=""),
        reported_loss=_loss("np.sum(loss * w * m) / np.sum(w * m)"),
        compile_for_effective_batch=_compile(steps="effective_batch_size"),
    ),
    "int(num_samples * validation_split) held out; shuffled before the split; the mask ignored; "
    "the learning rate scaled by the steps": wrong(
        validation_indices=_indices(
            indices="list(range(num_samples - int(num_samples * validation_split), num_samples))"
        ),
        train_and_validation=_datasets(
            before=".shuffle(len(X), seed=0, reshuffle_each_iteration=False)"
        ),
        reported_loss=_loss("np.sum(loss * w) / loss.size"),
        compile_for_effective_batch=_compile(rate="learning_rate * steps"),
    ),
    "no ValueError for an empty part; int(n * fraction) validation samples; the mask's steps counted in the divisor; "
    "accumulation over 1 step": wrong(
        validation_indices=_indices(guard="pass"),
        train_and_validation=_datasets(split_at="len(X) - int(len(X) * validation_fraction)"),
        reported_loss=_loss("np.sum(loss * w * m) / loss.size"),
        compile_for_effective_batch=_compile(accumulate="steps"),
    ),
    "no accumulation: small batches, small-batch updates": wrong(
        compile_for_effective_batch=_compile(accumulate="None"),
    ),
}

RIGHT_ANSWERS = {
    "NumPy slicing; take/skip without shuffling; boolean indexing; the optimizer and loss as config and object": wrong(
        validation_indices="""
            def validation_indices(num_samples, validation_split):
                kept = int(np.floor(num_samples * (1 - validation_split)))
                if not 0 < kept < num_samples:
                    raise ValueError("validation_split leaves an empty part")
                return np.arange(num_samples)[kept:].tolist()
        """,
        train_and_validation="""
            def train_and_validation(X, y, batch_size, validation_fraction):
                kept = int(np.floor(len(X) * (1 - validation_fraction)))
                pairs = tf.data.Dataset.from_tensor_slices((X, y))
                return pairs.take(kept).batch(batch_size), pairs.skip(kept).batch(batch_size, drop_remainder=False)
        """,
        reported_loss="""
            def reported_loss(per_step_loss, sample_weight, mask):
                loss = np.array(per_step_loss, dtype=float)
                if sample_weight is not None:
                    loss = loss * np.array(sample_weight, dtype=float)
                if mask is None:
                    return float(loss.mean())
                real = np.array(mask, dtype=bool)
                return float(loss[real].sum() / real.sum())
        """,
        compile_for_effective_batch="""
            def compile_for_effective_batch(model, batch_size, effective_batch_size, learning_rate):
                config = {"learning_rate": learning_rate}
                if effective_batch_size > batch_size:
                    config["gradient_accumulation_steps"] = effective_batch_size // batch_size
                model.compile(optimizer=keras.optimizers.get({"class_name": "SGD", "config": config}),
                              loss=keras.losses.MeanSquaredError())
                return model
        """,
    ),
}
