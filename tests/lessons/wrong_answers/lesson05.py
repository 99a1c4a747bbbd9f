"""Named wrong answers of lesson 05 (05_variable_length_batches): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "05_variable_length_batches"

WRONG_ANSWERS = {
    # A bucket's last, smaller batch is dropped: by hand, and with drop_remainder=True.
    "drops the leftover sequences of a bucket": wrong(
        bucket_by_length="""
            def bucket_by_length(sequences, batch_size):
                groups = {}
                for seq in sequences:
                    groups.setdefault(len(seq), []).append(np.asarray(seq))
                batches = []
                for length in sorted(groups):
                    group = groups[length]
                    for start in range(0, len(group) - batch_size + 1, batch_size):
                        batches.append(np.stack(group[start:start + batch_size]))
                return batches
        """,
        bucket_dataset="""
            def bucket_dataset(sequences, targets, bucket_boundaries, batch_size):
                num_features = np.shape(sequences[0])[-1]
                signature = (tf.TensorSpec((None, num_features), tf.float32), tf.TensorSpec((1,), tf.float32))
                pairs = tf.data.Dataset.from_generator(lambda: zip(sequences, targets), output_signature=signature)
                return pairs.bucket_by_sequence_length(lambda x, y: tf.shape(x)[0], list(bucket_boundaries),
                                                       [batch_size] * (len(bucket_boundaries) + 1),
                                                       drop_remainder=True)
        """,
    ),
    # Lengths mixed inside a batch: sort + cut every batch_size (padded); or the length of a
    # sequence measured with tf.size, which counts timesteps * num_features values.
    "mixes lengths in a batch (sort and cut; tf.size as the length)": wrong(
        bucket_by_length="""
            def bucket_by_length(sequences, batch_size):
                ordered = sorted(sequences, key=len)
                batches = []
                for start in range(0, len(ordered), batch_size):
                    chunk = ordered[start:start + batch_size]
                    batch = np.zeros((len(chunk), max(len(s) for s in chunk), np.shape(chunk[0])[-1]), "float32")
                    for i, s in enumerate(chunk):
                        batch[i, :len(s)] = s
                    batches.append(batch)
                return batches
        """,
        bucket_dataset="""
            def bucket_dataset(sequences, targets, bucket_boundaries, batch_size):
                num_features = np.shape(sequences[0])[-1]
                signature = (tf.TensorSpec((None, num_features), tf.float32), tf.TensorSpec((1,), tf.float32))
                pairs = tf.data.Dataset.from_generator(lambda: zip(sequences, targets), output_signature=signature)
                return pairs.bucket_by_sequence_length(lambda x, y: tf.size(x), list(bucket_boundaries),
                                                       [batch_size] * (len(bucket_boundaries) + 1))
        """,
    ),
    # One batch per length whatever its size: batch_size ignored.
    "one batch per length, batch_size ignored": wrong(
        bucket_by_length="""
            def bucket_by_length(sequences, batch_size):
                groups = {}
                for seq in sequences:
                    groups.setdefault(len(seq), []).append(np.asarray(seq))
                return [np.stack(groups[length]) for length in sorted(groups)]
        """,
    ),
    # The right batches, built by hand as a list of NumPy pairs: not a Dataset.
    "returns a list of batches, not a tf.data.Dataset": wrong(
        bucket_dataset="""
            def bucket_dataset(sequences, targets, bucket_boundaries, batch_size):
                groups = {}
                for seq, target in zip(sequences, targets):
                    bucket = int(np.searchsorted(bucket_boundaries, len(seq), side="right"))
                    groups.setdefault(bucket, []).append((np.asarray(seq), np.asarray(target)))
                batches = []
                for bucket in sorted(groups):
                    group = groups[bucket]
                    for start in range(0, len(group), batch_size):
                        chunk = group[start:start + batch_size]
                        x = np.zeros((len(chunk), max(len(s) for s, _ in chunk), np.shape(chunk[0][0])[-1]), "float32")
                        for i, (s, _) in enumerate(chunk):
                            x[i, :len(s)] = s
                        batches.append((x, np.stack([t for _, t in chunk]).astype("float32")))
                return batches
        """,
    ),
    # Padding at the start (keras.utils.pad_sequences's default), and a model without a mask:
    # "zeros are harmless".
    "pre-padding; no Masking layer": wrong(
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                padded = keras.utils.pad_sequences(sequences, dtype="float32", value=value)
                return padded, np.array([len(s) for s in sequences])
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(None, num_features))
                x = keras.layers.LSTM(units)(inputs)  # (batch_size, timesteps, num_features) -> (batch_size, units)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # pad_sequences with padding="post" but its default dtype="int32": the floats are truncated;
    # an LSTM with return_sequences=True: one output per time step, padding included.
    "pad_sequences' int32 default; return_sequences=True": wrong(
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                padded = keras.utils.pad_sequences(sequences, padding="post", value=value)
                return padded, np.array([len(s) for s in sequences])
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(None, num_features))
                x = keras.layers.Masking(mask_value=0.0)(inputs)
                x = keras.layers.LSTM(units, return_sequences=True)(x)  # (batch_size, timesteps, num_features) -> (batch_size, timesteps, units)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # Padding with zeros whatever `value` says; a model with a fixed number of timesteps.
    "ignores value; fixed timesteps": wrong(
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                lengths = np.array([len(s) for s in sequences])
                padded = np.zeros((len(sequences), lengths.max(), np.shape(sequences[0])[-1]), "float32")
                for i, s in enumerate(sequences):
                    padded[i, :len(s)] = s
                return padded, lengths
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(20, num_features))
                x = keras.layers.Masking(mask_value=0.0)(inputs)
                x = keras.layers.LSTM(units)(x)  # (batch_size, 20, num_features) -> (batch_size, units)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # The lengths of the padded rows (all max_timesteps) instead of the sequences' own lengths;
    # Masking placed after the LSTM, where the padding has already been read.
    "lengths after padding; Masking after the LSTM": wrong(
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                longest = max(len(s) for s in sequences)
                padded = np.full((len(sequences), longest, np.shape(sequences[0])[-1]), value, "float32")
                for i, s in enumerate(sequences):
                    padded[i, :len(s)] = s
                return padded, np.full(len(sequences), longest)
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(None, num_features))
                x = keras.layers.LSTM(units)(inputs)  # (batch_size, timesteps, num_features) -> (batch_size, units)
                x = keras.layers.Masking(mask_value=0.0)(x)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
}

WRONG_ANSWERS |= {
    # A mask for a padding value that is not there: Masking(mask_value=-1.0) on zero padding.
    "Masking for the wrong padding value": wrong(
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(None, num_features))
                x = keras.layers.Masking(mask_value=-1.0)(inputs)
                x = keras.layers.LSTM(units)(x)
                model = keras.Model(inputs, keras.layers.Dense(1)(x))
                model.compile(optimizer="adam", loss="mse")
                return model
        """,
    ),
    # A sigmoid head: the outputs cannot leave (0, 1), while a mean can be negative.
    "sigmoid head for a mean": wrong(
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                model = keras.Sequential([keras.Input(shape=(None, num_features)),
                                          keras.layers.Masking(mask_value=0.0),
                                          keras.layers.GRU(units),
                                          keras.layers.Dense(1, activation="sigmoid")])
                model.compile(optimizer="adam", loss="mean_squared_error")
                return model
        """,
    ),
}

RIGHT_ANSWERS = {
    # A stable sort by length and slices; a group_by_window chain instead of
    # bucket_by_sequence_length; pad_sequences with the right arguments; Sequential, a GRU,
    # RMSprop and a loss object.
    "stable sort; group_by_window; pad_sequences(post, float32); Sequential GRU, loss object": wrong(
        bucket_by_length="""
            def bucket_by_length(sequences, batch_size):
                order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))  # stable
                batches, start = [], 0
                while start < len(order):
                    length = len(sequences[order[start]])
                    same = [i for i in order[start:] if len(sequences[i]) == length]
                    for k in range(0, len(same), batch_size):
                        batches.append(np.array([sequences[i] for i in same[k:k + batch_size]], dtype="float32"))
                    start += len(same)
                return batches
        """,
        bucket_dataset="""
            def bucket_dataset(sequences, targets, bucket_boundaries, batch_size):
                num_features = np.shape(sequences[0])[-1]
                bounds = tf.constant(list(bucket_boundaries), dtype=tf.int32)
                pairs = tf.data.Dataset.from_generator(
                    lambda: ((np.asarray(s, "float32"), np.asarray(t, "float32")) for s, t in zip(sequences, targets)),
                    output_signature=(tf.TensorSpec((None, num_features), tf.float32), tf.TensorSpec((1,), tf.float32)))
                def bucket_of(x, y):
                    return tf.cast(tf.searchsorted(bounds, tf.shape(x)[:1], side="right")[0], tf.int64)
                return pairs.group_by_window(key_func=bucket_of,
                                             reduce_func=lambda key, window: window.padded_batch(batch_size),
                                             window_size=batch_size)
        """,
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                padded = keras.utils.pad_sequences(sequences, padding="post", dtype="float32", value=value)
                return padded, np.array([len(s) for s in sequences])
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                model = keras.Sequential([keras.Input(shape=(None, num_features)),
                                          keras.layers.Masking(),
                                          keras.layers.GRU(units),
                                          keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.RMSprop(), loss=keras.losses.MeanSquaredError())
                return model
        """,
    ),
    # Plain Python grouping; bucket_by_sequence_length with the length read off column 0 and its
    # defaults spelled out; padding by concatenation; two stacked recurrent layers, a loss function.
    "dict of lists; length of column 0; np.concatenate padding; stacked LSTMs, loss function": wrong(
        bucket_by_length="""
            def bucket_by_length(sequences, batch_size):
                groups = {}
                for seq in sequences:
                    groups.setdefault(np.shape(seq)[0], []).append(seq)
                out = []
                for length in sorted(groups):
                    rows = groups[length]
                    while rows:
                        out.append(np.stack(rows[:batch_size]).astype(np.float32))
                        rows = rows[batch_size:]
                return out
        """,
        bucket_dataset="""
            def bucket_dataset(sequences, targets, bucket_boundaries, batch_size):
                spec = (tf.TensorSpec(shape=(None, np.shape(sequences[0])[1]), dtype=tf.float32),
                        tf.TensorSpec(shape=(1,), dtype=tf.float32))
                ds = tf.data.Dataset.from_generator(lambda: iter(zip(sequences, targets)), output_signature=spec)
                return ds.bucket_by_sequence_length(
                    element_length_func=lambda x, y: tf.size(x[:, 0]),  # timesteps: one value per step in column 0
                    bucket_boundaries=[int(b) for b in bucket_boundaries],
                    bucket_batch_sizes=[batch_size for _ in range(len(bucket_boundaries) + 1)],
                    padding_values=None, pad_to_bucket_boundary=False, drop_remainder=False)
        """,
        pad_batch="""
            def pad_batch(sequences, value=0.0):
                longest = max(len(s) for s in sequences)
                rows = []
                for s in sequences:
                    s = np.asarray(s, dtype="float32")
                    rows.append(np.concatenate([s, np.full((longest - len(s), s.shape[1]), value, "float32")]))
                return np.stack(rows), np.array([len(s) for s in sequences], dtype=np.int64)
        """,
        build_masked_regressor="""
            def build_masked_regressor(num_features, units):
                inputs = keras.Input(shape=(None, num_features))
                masked = keras.layers.Masking(mask_value=0.0)(inputs)
                every_step = keras.layers.LSTM(units, return_sequences=True)(masked)
                last = keras.layers.LSTM(3)(every_step)
                model = keras.Model(inputs=inputs, outputs=keras.layers.Dense(1, activation="linear")(last))
                model.compile(optimizer="sgd", loss=keras.losses.mean_squared_error)
                return model
        """,
    ),
}
