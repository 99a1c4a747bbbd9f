"""Check that lesson 08's autograder rejects the misconceptions about batch size and updates.

Each wrong answer replaces all four graded functions of an otherwise correct submission (one
misconception per function, to keep grading to three extra notebook runs); the standard tests
(see coursetools.grading_tests) require it to lose points in a test cell of every function it
replaces, while the solution scores full marks and the blank release 0.
"""

from coursetools import grading_tests, wrong

ASSIGNMENT = "08_batch_size_and_generalization"

WRONG_ANSWERS = {
    # floor division (partial batches dropped) / inverse scaling / floor of the epochs / abs(gap)
    "floor division; inverse scaling; too few epochs; absolute gap": wrong(
        updates_per_run="""
            def updates_per_run(num_samples, batch_size, epochs):
                return num_samples // batch_size * epochs
        """,
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * base_batch_size / batch_size
        """,
        epochs_for_same_updates="""
            def epochs_for_same_updates(num_samples, base_batch_size, base_epochs, batch_size):
                base_updates = base_epochs * math.ceil(num_samples / base_batch_size)
                return base_updates // math.ceil(num_samples / batch_size)
        """,
        largest_gap_run="""
            def largest_gap_run(histories):
                gaps = {name: abs(h["val_loss"][-1] - h["loss"][-1]) for name, h in histories.items()}
                return max(gaps, key=gaps.get)
        """,
    ),
    # one epoch only / square-root scaling / epochs times the batch-size ratio / lowest train loss
    "forgets the epochs; square-root scaling; batch-size ratio; lowest training loss": wrong(
        updates_per_run="""
            def updates_per_run(num_samples, batch_size, epochs):
                return math.ceil(num_samples / batch_size)
        """,
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * math.sqrt(batch_size / base_batch_size)
        """,
        epochs_for_same_updates="""
            def epochs_for_same_updates(num_samples, base_batch_size, base_epochs, batch_size):
                return base_epochs * batch_size // base_batch_size
        """,
        largest_gap_run="""
            def largest_gap_run(histories):
                return min(histories, key=lambda name: histories[name]["loss"][-1])
        """,
    ),
    # ceil over the whole run / integer ratio / partial batch dropped at the large batch / first epoch
    "ceil over the whole run; integer ratio; partial batch dropped; first-epoch gap": wrong(
        updates_per_run="""
            def updates_per_run(num_samples, batch_size, epochs):
                return math.ceil(num_samples * epochs / batch_size)
        """,
        linear_scaled_lr="""
            def linear_scaled_lr(base_lr, base_batch_size, batch_size):
                return base_lr * (batch_size // base_batch_size)
        """,
        epochs_for_same_updates="""
            def epochs_for_same_updates(num_samples, base_batch_size, base_epochs, batch_size):
                base_updates = base_epochs * math.ceil(num_samples / base_batch_size)
                return math.ceil(base_updates / (num_samples // batch_size))
        """,
        largest_gap_run="""
            def largest_gap_run(histories):
                gaps = {name: h["val_loss"][0] - h["loss"][0] for name, h in histories.items()}
                return max(gaps, key=gaps.get)
        """,
    ),
}

globals().update(grading_tests(ASSIGNMENT, WRONG_ANSWERS))
