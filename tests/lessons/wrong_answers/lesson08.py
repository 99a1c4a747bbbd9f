"""Named wrong answers of lesson 08 (08_batch_size_and_generalization): the misconceptions its autograder rejects."""

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
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * base_batch_size / batch_size
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
    # square-root scaling / a ramp that never stops / the epoch's mean loss logs["loss"]
    "square-root scaling; endless ramp; logs['loss']": wrong(
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * math.sqrt(batch_size / base_batch_size)
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
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * (batch_size // base_batch_size)
        """,
        linear_warmup=_SCHEDULE.format(
            body="fraction = keras.ops.minimum(step // self.warmup_steps, 1)\n"
            '            return self.start + keras.ops.cast(fraction, "float32") '
            "* (self.target - self.start)"
        ),
        fit_until_loss=_STOP_AT_LOSS.format(measured='logs["val_loss"]', updates="stop.epochs"),
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
