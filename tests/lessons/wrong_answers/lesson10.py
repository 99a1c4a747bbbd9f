"""Named wrong answers of lesson 10 (10_inference_and_pipelines): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "10_inference_and_pipelines"

_TWIN = """
    def stateful_twin(model):
        _, timesteps, num_features = model.input_shape
        units = [layer.units for layer in model.layers if isinstance(layer, keras.layers.LSTM)][0]
        inputs = keras.Input(batch_shape=({batch}, timesteps, num_features))
        x = keras.layers.LSTM(units, stateful={stateful})(inputs)
        twin = keras.Model(inputs, keras.layers.Dense(1)(x))
        {copy}
        return twin
"""

_PIPELINE = """
    def reshuffled_pipeline(X, y, batch_size):
        return tf.data.Dataset.from_tensor_slices((X, y)){chain}
"""


def _twin(batch="1", stateful=True, copy="twin.set_weights(model.get_weights())"):
    return _TWIN.format(batch=batch, stateful=stateful, copy=copy)


def _pipeline(chain=".shuffle(len(X)).batch(batch_size).repeat()"):
    return _PIPELINE.format(chain=chain)


WRONG_ANSWERS = {
    "the sample passed without a batch axis; the twin's weights not copied; no shuffle at all": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(sample, verbose=0)
        """,
        stateful_twin=_twin(copy="pass"),
        reshuffled_pipeline=_pipeline(chain=".batch(batch_size).repeat()"),
    ),
    "the batch axis kept in the output; the twin keeps the original batch size; repeat() before shuffle()": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.asarray(sample)[None], verbose=0)
        """,
        stateful_twin=_twin(batch="model.input_shape[0]"),
        reshuffled_pipeline=_pipeline(chain=".repeat().shuffle(len(X)).batch(batch_size)"),
    ),
    "a transposed sample, read as many samples; stateful=True dropped in the twin; batches shuffled whole": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.asarray(sample).reshape(-1, 1), verbose=0)[0]
        """,
        stateful_twin=_twin(stateful=False),
        reshuffled_pipeline=_pipeline(chain=".batch(batch_size).shuffle(100).repeat()"),
    ),
    "the model called with training=True; the same order every pass": wrong(
        predict_one="""
            def predict_one(model, sample):
                batch = np.reshape(sample, (1, *model.input_shape[1:])).astype("float32")
                return np.asarray(model(batch, training=True))[0]
        """,
        reshuffled_pipeline=_pipeline(
            chain=".shuffle(len(X), reshuffle_each_iteration=False).batch(batch_size).repeat()"
        ),
    ),
    "a batch axis put in front of the sample as it came; a shuffle buffer of one batch": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.expand_dims(sample, 0), verbose=0)[0]
        """,
        reshuffled_pipeline=_pipeline(chain=".shuffle(batch_size).batch(batch_size).repeat()"),
    ),
    "one row of all values, whatever the model's layout; no repeat()": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.reshape(sample, (1, -1)), verbose=0)[0]
        """,
        reshuffled_pipeline=_pipeline(chain=".shuffle(len(X)).batch(batch_size)"),
    ),
}

RIGHT_ANSWERS = {
    "predict on a reshaped copy; a Sequential twin weighted layer by layer; shuffled indices gathered": wrong(
        predict_one="""
            def predict_one(model, sample):
                shape = [1] + [int(d) for d in model.input_shape[1:]]
                return model.predict(np.array(sample, dtype=np.float32).reshape(shape), verbose=0)[0]
        """,
        stateful_twin="""
            def stateful_twin(model):
                lstm = next(layer for layer in model.layers if isinstance(layer, keras.layers.LSTM))
                dense = model.layers[-1]
                twin = keras.Sequential([
                    keras.Input(batch_shape=(1,) + tuple(model.input_shape[1:])),
                    keras.layers.LSTM(lstm.units, stateful=True),
                    keras.layers.Dense(1),
                ])
                twin.layers[0].set_weights(lstm.get_weights())
                twin.layers[1].set_weights(dense.get_weights())
                return twin
        """,
        reshuffled_pipeline="""
            def reshuffled_pipeline(X, y, batch_size):
                X, y = tf.constant(X), tf.constant(y)
                order = tf.data.Dataset.range(len(X)).shuffle(buffer_size=2 * len(X))
                pairs = order.map(lambda i: (tf.gather(X, i), tf.gather(y, i)))
                return pairs.batch(batch_size, drop_remainder=False).repeat(-1)
        """,
    ),
    "keras.ops and a Functional twin from the model's config; a generator of permutations": wrong(
        predict_one="""
            def predict_one(model, sample):
                batch = keras.ops.reshape(keras.ops.convert_to_tensor(sample, dtype="float32"), (1,) + tuple(model.input_shape[1:]))
                return keras.ops.convert_to_numpy(model(batch))[0]
        """,
        stateful_twin="""
            def stateful_twin(model):
                _, timesteps, num_features = model.input_shape
                lstm = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)][0]
                config = lstm.get_config()
                config.pop("name", None)
                inputs = keras.Input(batch_shape=(1, timesteps, num_features))
                twin = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.LSTM.from_config(config)(inputs)))
                twin.set_weights([np.array(w) for w in model.get_weights()])
                return twin
        """,
        reshuffled_pipeline="""
            def reshuffled_pipeline(X, y, batch_size):
                data = tf.data.Dataset.from_tensor_slices({"x": X, "y": y})
                data = data.shuffle(len(X) + 100).batch(batch_size).repeat()
                return data.map(lambda d: (d["x"], d["y"]))
        """,
    ),
}
