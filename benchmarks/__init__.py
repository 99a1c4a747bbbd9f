"""Scripts that time and check the grader on synthetic classes (not tests): run them with
``.venv/bin/python -m benchmarks.<name>`` from the repository root."""
