"""Named wrong answers of lesson 02 (02_batch_size_epochs_iterations): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "02_batch_size_epochs_iterations"

WRONG_ANSWERS = {
    # train_for_updates: num_updates epochs / shuffled_batches: last batch dropped /
    # minibatch_sgd: gradient summed over the batch / make_step_logger: the step counter is never
    # reset at an epoch's beginning /
    # gradient_cosine: cosine of the mean gradient
    "epochs=num_updates; drops the last batch; sums the gradient; step counter never reset; cosine of the mean gradient": wrong(
        train_for_updates="""
            def train_for_updates(model, X, y, batch_size, num_updates):
                model.fit(X, y, batch_size=batch_size, epochs=num_updates, shuffle=False, verbose=0)
                return model
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(len(X), seed=seed)
                return ds.batch(batch_size, drop_remainder=True)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen, self.step = [], [], 0
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.epoch, self.step, int(logs[size_key]), float(logs["loss"])))
                        self.step += 1
                    def on_epoch_end(self, epoch, logs=None):
                        self.steps_per_epoch_seen.append(self.step)
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                for _ in range(epochs):
                    for start in range(0, len(X), batch_size):
                        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                        r = xb @ w + b - yb
                        w = w - learning_rate * 2 * xb.T @ r
                        b = b - learning_rate * 2 * r.sum()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                rng = np.random.default_rng(seed)
                grads = []
                for _ in range(num_draws):
                    idx = rng.choice(len(X), size=batch_size, replace=False)
                    grads.append(grad(X[idx], y[idx]))
                g = np.mean(grads, axis=0)
                return float(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
        """,
    ),
    # train_for_updates: repeat() before batch(), batches across passes / shuffled_batches: batch() before
    # shuffle() / minibatch_sgd: one update per epoch / make_step_logger: epochs and steps
    # counted from 1 (off by one) / gradient_cosine: dot product, no norms
    "batches across passes; batch before shuffle; one update per epoch; counts from 1; dot product": wrong(
        train_for_updates="""
            def train_for_updates(model, X, y, batch_size, num_updates):
                ds = tf.data.Dataset.from_tensor_slices((X, y)).repeat().batch(batch_size)
                model.fit(ds, steps_per_epoch=num_updates, epochs=1, verbose=0)
                return model
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y)).batch(batch_size)
                return ds.shuffle(len(X), seed=seed)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen = [], []
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch + 1
                        self.steps_per_epoch_seen.append(0)
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.epoch, batch + 1, int(logs[size_key]), float(logs["loss"])))
                        self.steps_per_epoch_seen[-1] += 1
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                for _ in range(epochs):
                    r = X @ w + b - y
                    w = w - learning_rate * 2 * X.T @ r / len(r)
                    b = b - learning_rate * 2 * r.mean()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                rng = np.random.default_rng(seed)
                dots = []
                for _ in range(num_draws):
                    idx = rng.choice(len(X), size=batch_size, replace=False)
                    dots.append(grad(X[idx], y[idx]) @ full)
                return float(np.mean(dots))
        """,
    ),
    # train_for_updates: whole epochs rounded up / shuffled_batches: one order for every epoch (what
    # fit(shuffle=True) was observed to do after set_random_seed) / minibatch_sgd: last partial
    # batch dropped / make_step_logger: every batch logged with the size fit was asked for (the
    # first batch's), not the data's / gradient_cosine: always the first rows
    "whole epochs rounded up; same order every epoch; SGD drops the partial batch; fit's batch_size logged; same first rows": wrong(
        train_for_updates="""
            def train_for_updates(model, X, y, batch_size, num_updates):
                steps = -(-len(X) // batch_size)
                model.fit(X, y, batch_size=batch_size, epochs=-(-num_updates // steps), shuffle=False, verbose=0)
                return model
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y))
                return ds.shuffle(len(X), seed=seed, reshuffle_each_iteration=False).batch(batch_size)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen, self.size = [], [], None
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch
                        self.steps_per_epoch_seen.append(0)
                    def on_train_batch_end(self, batch, logs=None):
                        if self.size is None:  # the batch_size fit was given: every batch the same
                            self.size = int(logs[size_key])
                        self.rows.append((self.epoch, batch, self.size, float(logs["loss"])))
                        self.steps_per_epoch_seen[-1] += 1
                return StepLogger()
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w, b = np.array(w0, dtype=float), float(b0)
                full = len(X) - len(X) % batch_size
                for _ in range(epochs):
                    for start in range(0, full, batch_size):
                        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                        r = xb @ w + b - yb
                        w = w - learning_rate * 2 * xb.T @ r / len(r)
                        b = b - learning_rate * 2 * r.mean()
                return w, b
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=float)
                y = np.asarray(y, dtype=float).reshape(-1)
                w = np.asarray(w, dtype=float)
                def grad(xb, yb):
                    r = xb @ w + b - yb
                    return np.append(2 * xb.T @ r / len(r), 2 * r.mean())
                full = grad(X, y)
                cosines = []
                for _ in range(num_draws):
                    g = grad(X[:batch_size], y[:batch_size])
                    cosines.append(g @ full / (np.linalg.norm(g) * np.linalg.norm(full)))
                return float(np.mean(cosines))
        """,
    ),
    # make_step_logger: the planned steps (params["steps"]), not the steps fit makes
    "steps planned, not counted": wrong(
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class StepLogger(keras.callbacks.Callback):
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen = [], []
                    def on_epoch_begin(self, epoch, logs=None):
                        self.epoch = epoch
                        self.steps_per_epoch_seen.append(self.params["steps"])
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.epoch, batch, int(logs[size_key]), float(logs["loss"])))
                return StepLogger()
        """,
    ),
    # shuffled_batches: a shuffle buffer of one batch, so late samples never reach the first batches
    "shuffle buffer of batch_size": wrong(
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                ds = tf.data.Dataset.from_tensor_slices((X, y))
                return ds.shuffle(batch_size, seed=seed).batch(batch_size)
        """,
    ),
}

RIGHT_ANSWERS = {
    "a repeated tf.data pipeline; an index pipeline gathered; array_split SGD; a callback counting at epoch end": wrong(
        train_for_updates="""
            def train_for_updates(model, X, y, batch_size, num_updates):
                batches = tf.data.Dataset.from_tensor_slices((X, y)).batch(batch_size).repeat()
                model.fit(batches, steps_per_epoch=num_updates, epochs=1, verbose=0)
                return model
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                X, y = tf.constant(X), tf.constant(y)
                order = tf.data.Dataset.range(X.shape[0]).shuffle(X.shape[0], seed=seed)
                return order.batch(batch_size).map(lambda i: (tf.gather(X, i), tf.gather(y, i)))
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                X = np.asarray(X, dtype=np.float64)
                y = np.ravel(np.asarray(y, dtype=np.float64))
                w, b = np.copy(np.ravel(w0)).astype(np.float64), b0
                cuts = list(range(batch_size, len(X), batch_size))
                for _ in range(epochs):
                    for xb, yb in zip(np.split(X, cuts), np.split(y, cuts)):
                        r = np.einsum("ij,j->i", xb, w) + b - yb
                        w = w - learning_rate * 2 * np.mean(xb * r[:, None], axis=0)
                        b = b - learning_rate * 2 * np.mean(r)
                return w, float(b)
        """,
        make_step_logger="""
            def make_step_logger(size_key="probe"):
                class Logger(keras.callbacks.Callback):
                    def __init__(self):
                        super().__init__()
                        self.rows, self.steps_per_epoch_seen = [], []
                    def on_train_begin(self, logs=None):
                        self.rows, self.steps_per_epoch_seen = [], []
                    def on_epoch_begin(self, epoch, logs=None):
                        self.current = epoch
                    def on_train_batch_end(self, batch, logs=None):
                        self.rows.append((self.current, int(batch), int(logs[size_key]), float(logs["loss"])))
                    def on_epoch_end(self, epoch, logs=None):
                        self.steps_per_epoch_seen.append(sum(1 for row in self.rows if row[0] == epoch))
                return Logger()
        """,
        gradient_cosine="""
            def gradient_cosine(X, y, w, b, batch_size, num_draws, seed):
                X = np.asarray(X, dtype=np.float64)
                y = np.asarray(y, dtype=np.float64).ravel()
                ones = np.ones((len(X), 1))
                A = np.hstack([X, ones])
                theta = np.append(np.ravel(w), b)
                per_sample = 2 * (A @ theta - y)[:, None] * A
                G = per_sample.mean(axis=0)
                rng = np.random.default_rng(seed)
                total = 0.0
                for _ in range(num_draws):
                    g = per_sample[rng.choice(len(X), size=batch_size, replace=False)].mean(axis=0)
                    total += np.dot(g, G) / np.sqrt(np.dot(g, g) * np.dot(G, G))
                return total / num_draws
        """,
    ),
    "train_on_batch by hand; a zipped pipeline; plain-Python SGD": wrong(
        train_for_updates="""
            def train_for_updates(model, X, y, batch_size, num_updates):
                starts = list(range(0, len(X), batch_size))
                for step in range(num_updates):
                    start = starts[step % len(starts)]
                    model.train_on_batch(X[start:start + batch_size], y[start:start + batch_size])
                return model
        """,
        shuffled_batches="""
            def shuffled_batches(X, y, batch_size, seed):
                pairs = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(X), tf.data.Dataset.from_tensor_slices(y)))
                return pairs.shuffle(buffer_size=len(y), seed=seed, reshuffle_each_iteration=True).batch(batch_size)
        """,
        minibatch_sgd="""
            def minibatch_sgd(X, y, w0, b0, learning_rate, batch_size, epochs):
                rows = [[float(v) for v in row] for row in np.asarray(X)]
                targets = [float(v) for v in np.ravel(y)]
                w, b = [float(v) for v in np.ravel(w0)], float(b0)
                for _ in range(epochs):
                    for start in range(0, len(rows), batch_size):
                        batch = list(zip(rows[start:start + batch_size], targets[start:start + batch_size]))
                        errors = [sum(wi * xi for wi, xi in zip(w, x)) + b - t for x, t in batch]
                        w = [wj - learning_rate * 2 * sum(e * x[j] for e, (x, _) in zip(errors, batch)) / len(batch)
                             for j, wj in enumerate(w)]
                        b = b - learning_rate * 2 * sum(errors) / len(batch)
                return np.array(w), b
        """,
    ),
}
