"""Helpers of ``scripts/bench.py``: the synthetic corpus and the builders it times.

Also used by ``tests/scale`` to make small generated corpora.
"""
