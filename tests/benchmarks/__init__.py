"""Tests of the benchmarks' reports (the benchmarks themselves are run by hand:
benchmarks/README.md)."""
