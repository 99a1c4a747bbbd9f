"""Named wrong answers of lesson 08 (08_batch_size_and_generalization): the misconceptions its autograder
rejects, and right answers written another way, which must score full marks."""

from tests.lessons.wrong_answers import wrong

ASSIGNMENT = "08_batch_size_and_generalization"

_SCHEDULE = """
def linear_warmup(start, target, warmup_steps):
    class LinearWarmup(keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, start, target, warmup_steps):
            self.start, self.target, self.warmup_steps = start, target, warmup_steps

        def __call__(self, step):
            {body}

        def get_config(self):
            return {{"start": self.start, "target": self.target, "warmup_steps": self.warmup_steps}}

    return LinearWarmup(start, target, warmup_steps)
"""

_STOP_AT_LOSS = """
def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
    class StopAtLoss(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epochs, self.train_loss = 0, float("inf")

        def on_epoch_end(self, epoch, logs=None):
            self.epochs = epoch + 1
            self.train_loss = float({measured})
            if self.train_loss <= target_loss:
                self.model.stop_training = True

    stop = StopAtLoss()
    before = int(model.optimizer.iterations)
    model.fit(X, y, batch_size=batch_size, epochs=max_epochs, callbacks=[stop], verbose=0,
              validation_data=(X, y), validation_batch_size=len(X))
    return {{"epochs": stop.epochs, "updates": {updates},
            "train_loss": stop.train_loss, "reached": stop.train_loss <= target_loss}}
"""

WRONG_ANSWERS = {
    # inverse scaling / a ramp from 0 instead of start / a fixed number of epochs, target ignored
    "inverse scaling; ramp from zero; fixed epochs": wrong(
        scaled_learning_rates="""
            def scaled_learning_rates(base_lr, base_batch_size, batch_size):
                k = base_batch_size / batch_size
                return {"linear": base_lr * k, "sqrt": base_lr * math.sqrt(k)}
        """,
        linear_warmup=_SCHEDULE.format(
            body="return self.target * keras.ops.minimum("
            'keras.ops.cast(step, "float32") / self.warmup_steps, 1.0)'
        ),
        fit_until_loss="""
            def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
                before = int(model.optimizer.iterations)
                model.fit(X, y, batch_size=batch_size, epochs=max_epochs, verbose=0)
                loss = float(model.evaluate(X, y, batch_size=len(X), verbose=0))
                return {"epochs": max_epochs, "updates": int(model.optimizer.iterations) - before,
                        "train_loss": loss, "reached": loss <= target_loss}
        """,
    ),
    # the two rules swapped / a ramp that never stops / the epoch's mean loss logs["loss"]
    "rules swapped; endless ramp; logs['loss']": wrong(
        scaled_learning_rates="""
            def scaled_learning_rates(base_lr, base_batch_size, batch_size):
                k = batch_size / base_batch_size
                return {"linear": base_lr * math.sqrt(k), "sqrt": base_lr * k}
        """,
        linear_warmup=_SCHEDULE.format(
            body="return self.start + (self.target - self.start) * "
            'keras.ops.cast(step, "float32") / self.warmup_steps'
        ),
        fit_until_loss=_STOP_AT_LOSS.format(
            measured='logs["loss"]', updates="int(model.optimizer.iterations) - before"
        ),
    ),
    # integer ratio / integer division of the step / one update counted per epoch
    "integer ratio; integer division of the step; updates = epochs": wrong(
        scaled_learning_rates="""
            def scaled_learning_rates(base_lr, base_batch_size, batch_size):
                k = batch_size // base_batch_size
                return {"linear": base_lr * k, "sqrt": base_lr * math.sqrt(k)}
        """,
        linear_warmup=_SCHEDULE.format(
            body="fraction = keras.ops.minimum(step // self.warmup_steps, 1)\n"
            '            return self.start + keras.ops.cast(fraction, "float32") '
            "* (self.target - self.start)"
        ),
        fit_until_loss=_STOP_AT_LOSS.format(measured='logs["val_loss"]', updates="stop.epochs"),
    ),
    # a loop of fit(epochs=1) with the loss tested after each call: every number right, but no
    # callback and no stop_training
    "a loop of fit(epochs=1), no callback": wrong(
        fit_until_loss="""
            def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
                before = int(model.optimizer.iterations)
                for epoch in range(1, max_epochs + 1):
                    model.fit(X, y, batch_size=batch_size, epochs=1, verbose=0)
                    loss = float(model.evaluate(X, y, batch_size=len(X), verbose=0))
                    if loss <= target_loss:
                        break
                return {"epochs": epoch, "updates": int(model.optimizer.iterations) - before,
                        "train_loss": loss, "reached": loss <= target_loss}
        """,
    ),
    # a Python `if` on the step: fine eagerly, OperatorNotAllowedInGraphError inside fit
    "Python if on the step tensor": wrong(
        linear_warmup=_SCHEDULE.format(
            body="if step < self.warmup_steps:\n"
            "                return self.start + (self.target - self.start) * "
            "step / self.warmup_steps\n"
            "            return self.target"
        ),
    ),
}

RIGHT_ANSWERS = {
    # the ratio k first, as a NumPy float; the built-in PolynomialDecay of power 1 (a ramp that
    # stops at its end value); a callback that calls self.model.evaluate and counts its batches.
    "NumPy ratio; PolynomialDecay; evaluate in the callback, batches counted": wrong(
        scaled_learning_rates="""
            def scaled_learning_rates(base_lr, base_batch_size, batch_size):
                k = np.divide(batch_size, base_batch_size)
                return {"linear": np.float64(base_lr) * k, "sqrt": np.float64(base_lr) * np.sqrt(k)}
        """,
        linear_warmup="""
            def linear_warmup(start, target, warmup_steps):
                return keras.optimizers.schedules.PolynomialDecay(
                    initial_learning_rate=start, decay_steps=warmup_steps, end_learning_rate=target, power=1.0)
        """,
        fit_until_loss="""
            def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
                class Stop(keras.callbacks.Callback):
                    epochs, batches, loss = 0, 0, float("nan")

                    def on_train_batch_end(self, batch, logs=None):
                        self.batches += 1

                    def on_epoch_end(self, epoch, logs=None):
                        self.epochs = epoch + 1
                        self.loss = float(self.model.evaluate(X, y, batch_size=len(X), verbose=0))
                        self.model.stop_training = self.loss <= target_loss

                stop = Stop()
                model.fit(X, y, batch_size=batch_size, epochs=max_epochs, verbose=0, callbacks=[stop])
                return {"epochs": stop.epochs, "updates": stop.batches, "train_loss": stop.loss,
                        "reached": bool(stop.loss <= target_loss)}
        """,
    ),
    # a Fraction for the ratio; a schedule class of its own that clips with keras.ops.clip and
    # mixes start and target; NumPy integers in the result.
    "Fraction; keras.ops.clip schedule; NumPy integers in the result": wrong(
        scaled_learning_rates="""
            def scaled_learning_rates(base_lr, base_batch_size, batch_size):
                from fractions import Fraction
                k = Fraction(batch_size, base_batch_size)
                return dict(linear=float(k * Fraction(base_lr)), sqrt=base_lr * (k.numerator / k.denominator) ** 0.5)
        """,
        linear_warmup="""
            def linear_warmup(start, target, warmup_steps):
                class Ramp(keras.optimizers.schedules.LearningRateSchedule):
                    def __init__(self, start, target, warmup_steps):
                        self.start, self.target, self.warmup_steps = float(start), float(target), int(warmup_steps)

                    def __call__(self, step):
                        t = keras.ops.clip(keras.ops.cast(step, "float32") / float(self.warmup_steps), 0.0, 1.0)
                        return (1.0 - t) * self.start + t * self.target

                    def get_config(self):
                        return dict(start=self.start, target=self.target, warmup_steps=self.warmup_steps)

                return Ramp(start, target, warmup_steps)
        """,
        fit_until_loss="""
            def fit_until_loss(model, X, y, batch_size, target_loss, max_epochs):
                class StopAtTarget(keras.callbacks.Callback):
                    def on_epoch_end(self, epoch, logs=None):
                        if logs["val_loss"] <= target_loss:
                            self.model.stop_training = True

                start = model.optimizer.iterations.numpy()
                history = model.fit(X, y, batch_size=batch_size, epochs=max_epochs, verbose=0,
                                    validation_data=(X, y), callbacks=[StopAtTarget()])
                loss = float(history.history["val_loss"][-1])
                return {"epochs": np.int64(len(history.epoch)), "updates": np.int64(model.optimizer.iterations.numpy() - start),
                        "train_loss": loss, "reached": np.bool_(loss <= target_loss)}
        """,
    ),
}
