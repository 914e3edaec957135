"""Planned reads: a selection answered by one statement per subtree (see execution.py)."""
