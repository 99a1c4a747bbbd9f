"""Named wrong answers of lesson 01 (01_input_layer_vs_features): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "01_input_layer_vs_features"

WRONG_ANSWERS = {
    # count_dense_params: forgetting the bias / batches_per_epoch: floor division
    "forgets the bias; floor division drops the partial batch": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return num_features * units
        """,
        batches_per_epoch="""
            def batches_per_epoch(num_samples, batch_size):
                return num_samples // batch_size
        """,
    ),
    # count_dense_params: the output column counted as a feature / batches_per_epoch: num_samples
    "counts the output column as a feature; one update per sample": wrong(
        count_dense_params="""
            def count_dense_params(num_features, units):
                return (num_features + 1) * units + units
        """,
        batches_per_epoch="""
            def batches_per_epoch(num_samples, batch_size):
                return num_samples
        """,
    ),
    # build_mlp: input size = batch size (5) / batch_rows: the forum answer's rows 45-50
    "input size is the batch size; the seed's rows 45-50": wrong(
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential([
                    keras.Input(shape=(5,)),
                    keras.layers.Dense(hidden_units, activation="relu"),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer="sgd", loss="mse")
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size, iteration * batch_size)
        """,
    ),
    # build_mlp: hidden units tied to the number of features / batch_rows: no partial last batch
    "hidden units tied to the features; last batch never partial": wrong(
        build_mlp="""
            def build_mlp(num_features, hidden_units):
                model = keras.Sequential([
                    keras.Input(shape=(num_features,)),
                    keras.layers.Dense(num_features, activation="relu"),
                    keras.layers.Dense(1),
                ])
                model.compile(optimizer="sgd", loss="mse")
                return model
        """,
        batch_rows="""
            def batch_rows(num_samples, batch_size, iteration):
                return ((iteration - 1) * batch_size + 1, iteration * batch_size)
        """,
    ),
}
