"""Named wrong answers of lesson 05 (05_variable_length_batches): the misconceptions its autograder rejects."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "05_variable_length_batches"

WRONG_ANSWERS = {
    # A bucket's last, smaller batch is dropped (like drop_remainder=True).
    "drops the leftover sequences of a bucket": wrong(
        bucket_by_length='''
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
        ''',
        bucket_with_tf_data='''
            def bucket_with_tf_data(sequences, batch_size):
                num_features = np.shape(sequences[0])[-1]
                lengths = [len(seq) for seq in sequences]
                ds = tf.data.Dataset.from_generator(
                    lambda: iter(sequences), output_signature=tf.TensorSpec((None, num_features), tf.float32))
                bounds = list(range(min(lengths) + 1, max(lengths) + 1))
                ds = ds.bucket_by_sequence_length(lambda seq: tf.shape(seq)[0], bounds,
                                                  [batch_size] * (len(bounds) + 1), drop_remainder=True)
                return sorted((b.numpy() for b in ds), key=lambda b: b.shape[1])
        ''',
    ),
    # Lengths mixed inside a batch: sort + cut every batch_size (padded), or bucket boundaries
    # off by one so that two lengths share the last bucket.
    "mixes lengths in a batch": wrong(
        bucket_by_length='''
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
        ''',
        bucket_with_tf_data='''
            def bucket_with_tf_data(sequences, batch_size):
                num_features = np.shape(sequences[0])[-1]
                lengths = [len(seq) for seq in sequences]
                ds = tf.data.Dataset.from_generator(
                    lambda: iter(sequences), output_signature=tf.TensorSpec((None, num_features), tf.float32))
                bounds = list(range(min(lengths), max(lengths)))
                ds = ds.bucket_by_sequence_length(lambda seq: tf.shape(seq)[0], bounds,
                                                  [batch_size] * (len(bounds) + 1))
                return sorted((b.numpy() for b in ds), key=lambda b: b.shape[1])
        ''',
    ),
    # One batch per length whatever its size: batch_size ignored.
    "one batch per length, batch_size ignored": wrong(
        bucket_by_length='''
            def bucket_by_length(sequences, batch_size):
                groups = {}
                for seq in sequences:
                    groups.setdefault(len(seq), []).append(np.asarray(seq))
                return [np.stack(groups[length]) for length in sorted(groups)]
        ''',
    ),
    # Padding at the start: keras.utils.pad_sequences's default; and a padding check that
    # pre-pads, which a plain LSTM with zero candidate bias cannot tell from no padding.
    "pads at the start (pre-padding)": wrong(
        pad_batch='''
            def pad_batch(sequences, value=0.0):
                padded = keras.utils.pad_sequences(sequences, dtype="float32", value=value)
                return padded, np.array([len(s) for s in sequences])
        ''',
        masked_matches_unpadded='''
            def masked_matches_unpadded(model, sequence, pad_to, atol=1e-5):
                sequence = np.asarray(sequence, dtype="float32")
                if pad_to < len(sequence):
                    raise ValueError("pad_to is shorter than the sequence")
                padded = np.zeros((pad_to, sequence.shape[-1]), dtype="float32")
                padded[pad_to - len(sequence):] = sequence
                diff = np.abs(np.asarray(model(padded[None])) - np.asarray(model(sequence[None])))
                return bool(diff.max() <= atol)
        ''',
    ),
    # Padding with zeros whatever `value` says; cutting a sequence that is longer than pad_to
    # instead of refusing it (keras.utils.pad_sequences truncates silently).
    "ignores value; truncates silently": wrong(
        pad_batch='''
            def pad_batch(sequences, value=0.0):
                lengths = np.array([len(s) for s in sequences])
                padded = np.zeros((len(sequences), lengths.max(), np.shape(sequences[0])[-1]), "float32")
                for i, s in enumerate(sequences):
                    padded[i, :len(s)] = s
                return padded, lengths
        ''',
        masked_matches_unpadded='''
            def masked_matches_unpadded(model, sequence, pad_to, atol=1e-5):
                sequence = np.asarray(sequence, dtype="float32")[:pad_to]
                padded = np.zeros((pad_to, sequence.shape[-1]), dtype="float32")
                padded[:len(sequence)] = sequence
                diff = np.abs(np.asarray(model(padded[None])) - np.asarray(model(sequence[None])))
                return bool(diff.max() <= atol)
        ''',
    ),
    # The lengths of the padded rows (all max_timesteps) instead of the sequences' own lengths.
    "returns the lengths after padding": wrong(
        pad_batch='''
            def pad_batch(sequences, value=0.0):
                longest = max(len(s) for s in sequences)
                padded = np.full((len(sequences), longest, np.shape(sequences[0])[-1]), value, "float32")
                for i, s in enumerate(sequences):
                    padded[i, :len(s)] = s
                return padded, np.full(len(sequences), longest)
        ''',
    ),
}
