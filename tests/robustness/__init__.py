"""Robustness: atomic publish, deterministic output, leaks, privacy, hostile
input, property tests and real serving (issue 8)."""
