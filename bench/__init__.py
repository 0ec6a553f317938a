"""Benchmarks and synthetic data for Newsroom (not shipped, not run by the test suite)."""
