"""Benchmarks run by `make bench`: each group prints its figures as `bench:` lines."""
