"""Named wrong answers of lesson 09 (09_outputs_and_targets): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "09_outputs_and_targets"

WRONG_ANSWERS = {
    "return_sequences missing; Reshape axes swapped to (num_targets, horizon)": wrong(
        build_many_to_many="""
            def build_many_to_many(timesteps, num_features, units, num_targets):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.LSTM(units)(inputs)
                model = keras.Model(inputs, keras.layers.Dense(num_targets)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
        build_forecast_head="""
            def build_forecast_head(timesteps, num_features, horizon, num_targets, units):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.Dense(horizon * num_targets)(keras.layers.LSTM(units)(inputs))
                model = keras.Model(inputs, keras.layers.Reshape((num_targets, horizon))(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    "Flatten + Dense + Reshape sees every step at once; 2-D labels taken for one-hot": wrong(
        build_many_to_many="""
            def build_many_to_many(timesteps, num_features, units, num_targets):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.Flatten()(keras.layers.LSTM(units, return_sequences=True)(inputs))
                x = keras.layers.Dense(timesteps * num_targets)(x)
                model = keras.Model(inputs, keras.layers.Reshape((timesteps, num_targets))(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                labels = np.asarray(labels)
                loss = "categorical_crossentropy" if labels.ndim == 2 else "sparse_categorical_crossentropy"
                model.compile(optimizer="adam", loss=loss)
                return model
        """,
    ),
    "(num_targets, horizon) then transposed; binary_crossentropy for one-hot labels": wrong(
        build_forecast_head="""
            def build_forecast_head(timesteps, num_features, horizon, num_targets, units):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.Dense(horizon * num_targets)(keras.layers.LSTM(units)(inputs))
                x = keras.layers.Reshape((num_targets, horizon))(x)
                model = keras.Model(inputs, keras.layers.Permute((2, 1))(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                labels = np.asarray(labels)
                if labels.ndim == len(model.output_shape) and labels.shape[-1] == model.output_shape[-1]:
                    loss = "binary_crossentropy"
                else:
                    loss = "sparse_categorical_crossentropy"
                model.compile(optimizer="adam", loss=loss)
                return model
        """,
    ),
    "return_sequences=True + Dense(num_targets) as a forecast head; always sparse": wrong(
        build_forecast_head="""
            def build_forecast_head(timesteps, num_features, horizon, num_targets, units):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.LSTM(units, return_sequences=True)(inputs)
                model = keras.Model(inputs, keras.layers.Dense(num_targets)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                return model
        """,
    ),
    "Dense(1) whatever num_targets; always categorical_crossentropy": wrong(
        build_many_to_many="""
            def build_many_to_many(timesteps, num_features, units, num_targets):
                inputs = keras.Input(shape=(timesteps, num_features))
                x = keras.layers.LSTM(units, return_sequences=True)(inputs)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
        compile_for_labels="""
            def compile_for_labels(model, labels):
                model.compile(optimizer="adam", loss="categorical_crossentropy")
                return model
        """,
    ),
}
