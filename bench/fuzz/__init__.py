"""Fuzzers for legation: mutated corpus files through check/ingest, generated queries through the
Python API, the CLI and HTTP.  ``python bench/fuzz/run.py --cases 10000`` prints the figures."""
