"""Named wrong answers of lesson 09 (09_outputs_and_targets): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "09_outputs_and_targets"

_MANY = """
    def build_many_to_many(timesteps, num_features, num_targets):
        inputs = keras.Input(shape=(timesteps, num_features))
        x = {body}
        model = keras.Model(inputs, {head})
        model.compile(optimizer="adam", loss="mse")
        return model
"""

_HEAD = """
    def build_forecast_head(timesteps, num_features, horizon, num_targets):
        inputs = keras.Input(shape=(timesteps, num_features))
        x = {body}
        model = keras.Model(inputs, {head})
        model.compile(optimizer="adam", loss={loss})
        return model
"""

_LABELS = """
    def compile_for_labels(model, labels):
        labels = np.asarray(labels)
        loss = {rule}
        model.compile(optimizer="adam", loss=loss)
        return model
"""


def _many(
    body="keras.layers.LSTM(8, return_sequences=True)(inputs)",
    head="keras.layers.Dense(num_targets)(x)",
):
    return _MANY.format(body=body, head=head)


def _head(
    body="keras.layers.Dense(horizon * num_targets)(keras.layers.LSTM(8)(inputs))",
    head="keras.layers.Reshape((horizon, num_targets))(x)",
    loss='"mse"',
):
    return _HEAD.format(body=body, head=head, loss=loss)


def _labels(rule):
    return _LABELS.format(rule=rule)


WRONG_ANSWERS = {
    "return_sequences missing; Reshape axes swapped to (num_targets, horizon)": wrong(
        build_many_to_many=_many(body="keras.layers.LSTM(8)(inputs)"),
        build_forecast_head=_head(head="keras.layers.Reshape((num_targets, horizon))(x)"),
    ),
    "Flatten + Dense + Reshape sees every step at once; 2-D labels taken for one-hot": wrong(
        build_many_to_many=_many(
            body="keras.layers.Dense(timesteps * num_targets)(keras.layers.Flatten()(inputs))",
            head="keras.layers.Reshape((timesteps, num_targets))(x)",
        ),
        compile_for_labels=_labels(
            '"categorical_crossentropy" if labels.ndim == 2 else "sparse_categorical_crossentropy"'
        ),
    ),
    "a Bidirectional LSTM reads later steps; the mean absolute error; binary_crossentropy for one-hot": wrong(
        build_many_to_many=_many(
            body="keras.layers.Bidirectional(keras.layers.LSTM(4, return_sequences=True))(inputs)"
        ),
        build_forecast_head=_head(loss='"mae"'),
        compile_for_labels=_labels(
            '"binary_crossentropy" if labels.ndim == len(model.output_shape) '
            'and labels.shape[-1] == model.output_shape[-1] else "sparse_categorical_crossentropy"'
        ),
    ),
    "return_sequences=True + Dense(num_targets) as a forecast head; always sparse": wrong(
        build_forecast_head=_head(
            body="keras.layers.LSTM(8, return_sequences=True)(inputs)",
            head="keras.layers.Dense(num_targets)(x)",
        ),
        compile_for_labels=_labels('"sparse_categorical_crossentropy"'),
    ),
    "Dense(1) whatever num_targets; always categorical_crossentropy": wrong(
        build_many_to_many=_many(head="keras.layers.Dense(1)(x)"),
        compile_for_labels=_labels('"categorical_crossentropy"'),
    ),
    "a Dense on each step, no memory; the first horizon outputs of a sequence; the loss chosen by dtype": wrong(
        build_many_to_many=_many(body="keras.layers.Dense(8, activation='tanh')(inputs)"),
        build_forecast_head=_head(
            body="keras.layers.Dense(num_targets)(keras.layers.LSTM(8, return_sequences=True)(inputs))",
            head="keras.layers.Cropping1D((0, timesteps - horizon))(x)",
        ),
        compile_for_labels=_labels(
            '"sparse_categorical_crossentropy" if np.issubdtype(labels.dtype, np.integer) '
            'else "categorical_crossentropy"'
        ),
    ),
    "only the last step read for the forecast; one-hot judged by the last axis alone": wrong(
        build_forecast_head=_head(
            body="keras.layers.Dense(horizon * num_targets)(keras.layers.Lambda(lambda s: s[:, -1, :])(inputs))"
        ),
        compile_for_labels=_labels(
            '"categorical_crossentropy" if labels.shape[-1] == model.output_shape[-1] '
            'else "sparse_categorical_crossentropy"'
        ),
    ),
}

RIGHT_ANSWERS = {
    "a Sequential GRU with TimeDistributed and loss objects; an encoder-decoder; shapes compared": wrong(
        build_many_to_many="""
            def build_many_to_many(timesteps, num_features, num_targets):
                model = keras.Sequential([
                    keras.Input(shape=(timesteps, num_features)),
                    keras.layers.GRU(12, return_sequences=True),
                    keras.layers.TimeDistributed(keras.layers.Dense(num_targets)),
                ])
                model.compile(optimizer=keras.optimizers.RMSprop(), loss=keras.losses.MeanSquaredError())
                return model
        """,
        build_forecast_head="""
            def build_forecast_head(timesteps, num_features, horizon, num_targets):
                window = keras.Input(shape=(timesteps, num_features))
                summary = keras.layers.LSTM(8)(window)
                repeated = keras.layers.RepeatVector(horizon)(summary)
                decoded = keras.layers.LSTM(8, return_sequences=True)(repeated)
                model = keras.Model(window, keras.layers.Dense(num_targets)(decoded))
                model.compile(optimizer="sgd", loss="mean_squared_error")
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                one_hot = np.shape(labels)[1:] == tuple(model.output_shape[1:])
                loss = keras.losses.CategoricalCrossentropy() if one_hot else keras.losses.SparseCategoricalCrossentropy()
                model.compile(optimizer=keras.optimizers.Adam(), loss=loss)
                return model
        """,
    ),
    "a causal Conv1D as wide as the window; Reshape then Permute; loss functions, not names": wrong(
        build_many_to_many="""
            def build_many_to_many(timesteps, num_features, num_targets):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.Conv1D(8, timesteps, padding="causal", activation="tanh")(inputs)
                model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(num_targets)(x))
                model.compile(optimizer="adam", loss="mean_squared_error")
                return model
        """,
        build_forecast_head="""
            def build_forecast_head(timesteps, num_features, horizon, num_targets):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.Dense(horizon * num_targets)(keras.layers.GRU(6)(inputs))
                x = keras.layers.Permute((2, 1))(keras.layers.Reshape((num_targets, horizon))(x))
                model = keras.Model(inputs, x)
                model.compile(optimizer="adam", loss=keras.losses.MeanSquaredError())
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                shape = np.shape(labels)
                if len(shape) == len(model.output_shape) and shape[-1] != 1:
                    loss = keras.losses.categorical_crossentropy
                else:
                    loss = keras.losses.sparse_categorical_crossentropy
                model.compile(optimizer="adam", loss=loss)
                return model
        """,
    ),
}
