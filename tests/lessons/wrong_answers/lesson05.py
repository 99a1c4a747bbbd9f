"""Named wrong answers of lesson 05 (05_variable_length_batches): the misconceptions its autograder rejects."""

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
