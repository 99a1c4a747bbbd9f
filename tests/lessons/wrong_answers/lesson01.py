"""Named wrong answers of lesson 01 (01_input_layer_vs_features): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "01_input_layer_vs_features"


def _mlp(
    input_width="num_features",
    hidden_units="hidden_units",
    activation=', activation="relu"',
    optimizer='"sgd"',
    loss='"mse"',
):
    """Source of a build_mlp with one thing changed (the misconception under test)."""
    return f"""
        def build_mlp(num_features, hidden_units):
            model = keras.Sequential([
                keras.Input(shape=({input_width},)),
                keras.layers.Dense({hidden_units}{activation}),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer={optimizer}, loss={loss})
            return model
    """


def _sgd_step(rows="x, y", scale="", loss_returned="loss"):
    """Source of an sgd_step that differentiates ``scale`` * the MSE of ``rows``."""
    return f"""
        def sgd_step(model, x, y, learning_rate):
            x_used, y_used = {rows}
            with tf.GradientTape() as tape:
                loss = {scale}tf.reduce_mean(tf.square(model(x_used, training=True) - y_used))
            grads = tape.gradient(loss, model.trainable_weights)
            for weight, grad in zip(model.trainable_weights, grads):
                weight.assign_sub(learning_rate * grad)
            return float({loss_returned})
    """


WRONG_ANSWERS = {
    # count_dense_params: forgetting the bias / batch_rows: the forum answer's rows 45-50
    "forgets the bias; the question's rows 45-50": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return num_features * units
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size, iteration * batch_size)
        """,
    ),
    # count_dense_params: the output column counted as a feature / batch_rows: no partial last batch
    "counts the output column as a feature; last batch never partial": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return (num_features + 1) * units + units
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size + 1, iteration * batch_size)
        """,
    ),
    # batch_rows: right rows, but an iteration past the epoch gives rows that do not exist
    "batch_rows without the ValueError its docstring promises": wrong(
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size + 1, min(iteration * batch_size, num_samples))
        """,
    ),
    # build_mlp: input size = batch size (5) / sgd_step: only the 5th row counts (the asker's question)
    "input size is the batch size; an update on the last row alone": wrong(
        build_mlp=_mlp(input_width="5"),
        sgd_step=_sgd_step(rows="x[-1:], y[-1:]"),
    ),
    # build_mlp: hidden units tied to the number of features / sgd_step: rows one by one, one update each
    "hidden units tied to the features; one update per row": wrong(
        build_mlp=_mlp(hidden_units="num_features"),
        sgd_step="""
            def sgd_step(model, x, y, learning_rate):
                for i in range(len(x)):
                    with tf.GradientTape() as tape:
                        loss = tf.reduce_mean(tf.square(model(x[i:i + 1], training=True) - y[i:i + 1]))
                    grads = tape.gradient(loss, model.trainable_weights)
                    for weight, grad in zip(model.trainable_weights, grads):
                        weight.assign_sub(learning_rate * grad)
                return float(loss)
        """,
    ),
    # build_mlp: the review's case, Dense(h) without ReLU compiled with Adam and MAE /
    # sgd_step: the sum of the per-sample losses (a step batch_size times too big)
    "linear hidden layer, Adam and MAE; summed losses": wrong(
        build_mlp=_mlp(activation="", optimizer='"adam"', loss='"mae"'),
        sgd_step=_sgd_step(scale="tf.cast(tf.shape(x)[0], tf.float32) * "),
    ),
    # each property of build_mlp alone / sgd_step returns the loss after its update
    "linear hidden layer only; loss measured after the update": wrong(
        build_mlp=_mlp(activation=""),
        sgd_step=_sgd_step(loss_returned="tf.reduce_mean(tf.square(model(x) - y))"),
    ),
    "Adam instead of SGD": wrong(build_mlp=_mlp(optimizer='"adam"')),
    "mean absolute error instead of MSE": wrong(build_mlp=_mlp(loss='"mae"')),
    # sgd_step forgets to apply the gradient: computes the loss, never moves the weights
    # build_mlp: SGD, but with momentum and another step (the spec asks for plain SGD)
    "SGD with momentum 0.9 and learning rate 0.5": wrong(
        build_mlp=_mlp(optimizer="keras.optimizers.SGD(learning_rate=0.5, momentum=0.9)"),
    ),
    # build_mlp: a Dropout layer that only acts while training (same parameter count, same
    # outputs in inference mode)
    "a Dropout layer after the hidden layer": wrong(
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential([
                    keras.Input(shape=(num_features,)),
                    keras.layers.Dense(hidden_units, activation="relu"),
                    keras.layers.Dropout(0.5),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer="sgd", loss="mse")
                return model
        """,
    ),
    "sgd_step never updates the weights": wrong(
        sgd_step="""
            def sgd_step(model, x, y, learning_rate):
                return float(tf.reduce_mean(tf.square(model(x) - y)))
        """,
    ),
}

RIGHT_ANSWERS = {
    # Keras counts the parameters; the Functional API with optimizer and loss objects; math.ceil;
    # a Keras SGD optimizer applies the step
    "Keras's own count; Functional API with objects; math.ceil; optimizer.apply_gradients": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                layer = keras.layers.Dense(units)
                layer.build((None, num_features))
                return layer.count_params()
        """,
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                inputs = keras.Input(shape=(num_features,))
                hidden = keras.layers.Dense(hidden_units, activation=keras.activations.relu)(inputs)
                model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
                model.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.MeanSquaredError())
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                import math

                if iteration < 1 or iteration > math.ceil(num_samples / batch_size):
                    raise ValueError(f"no batch {iteration} in this epoch")
                first = batch_size * (iteration - 1) + 1
                return first, min(first + batch_size - 1, num_samples)
        """,
        sgd_step="""
            def sgd_step(model, x, y, learning_rate):
                optimizer = keras.optimizers.SGD(learning_rate)
                with tf.GradientTape() as tape:
                    loss = keras.losses.MeanSquaredError()(y, model(x))
                optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))
                return float(loss)
        """,
    ),
    # plain arithmetic; Sequential built with add() and the long spellings; a list of row
    # numbers; weights assigned by hand
    "factored count; model.add with long spellings; a list of rows; assign by hand": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return (num_features + 1) * units
        """,
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential()
                model.add(keras.Input(shape=(num_features,)))
                model.add(keras.layers.Dense(hidden_units))
                model.add(keras.layers.ReLU())
                model.add(keras.layers.Dense(1, activation="linear"))
                model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mean_squared_error")
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                rows = list(range(1, num_samples + 1))[(iteration - 1) * batch_size:iteration * batch_size]
                if iteration < 1 or not rows:
                    raise ValueError("iteration outside the epoch")
                return (rows[0], rows[-1])
        """,
        sgd_step="""
            def sgd_step(model, x, y, learning_rate):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean((y - model(x)) ** 2)
                for variable, gradient in zip(model.trainable_variables, tape.gradient(loss, model.trainable_variables)):
                    variable.assign(variable - learning_rate * gradient)
                return loss.numpy().item()
        """,
    ),
}
