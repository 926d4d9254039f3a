"""Benchmarks of Switchboard's pages; `make bench` runs `python -m bench.pages`."""
