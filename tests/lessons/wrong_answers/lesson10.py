"""Named wrong answers of lesson 10 (10_inference_and_pipelines): the misconceptions its autograder rejects."""

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
    def repeated_pipeline(X, y, batch_size):
        dataset = tf.data.Dataset.from_tensor_slices((X, y)){chain}
        return dataset, {steps}
"""


def _twin(batch="1", stateful=True, copy="twin.set_weights(model.get_weights())"):
    return _TWIN.format(batch=batch, stateful=stateful, copy=copy)


def _pipeline(chain=".batch(batch_size).repeat()", steps="math.ceil(len(X) / batch_size)"):
    return _PIPELINE.format(chain=chain, steps=steps)


WRONG_ANSWERS = {
    "the sample passed without a batch axis; the twin's weights not copied; no repeat()": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(sample, verbose=0)
        """,
        stateful_twin=_twin(copy="pass"),
        repeated_pipeline=_pipeline(chain=".batch(batch_size)"),
    ),
    "the batch axis kept in the output; the twin keeps the original batch size; steps = num_samples // batch_size": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.asarray(sample)[None], verbose=0)
        """,
        stateful_twin=_twin(batch="model.input_shape[0]"),
        repeated_pipeline=_pipeline(steps="len(X) // batch_size"),
    ),
    "a transposed sample, read as many samples; stateful=True dropped in the twin; repeat() before batch()": wrong(
        predict_one="""
            def predict_one(model, sample):
                return model.predict(np.asarray(sample).reshape(-1, 1), verbose=0)[0]
        """,
        stateful_twin=_twin(stateful=False),
        repeated_pipeline=_pipeline(chain=".repeat().batch(batch_size)"),
    ),
    "steps_per_epoch counted in samples": wrong(
        repeated_pipeline=_pipeline(steps="len(X)"),
    ),
}
