"""Benchmarks: a synthetic corpus of any size and a harness that times the build."""
