"""Benchmarks (``make bench``): measured side by side with a floor in the same run, never timed
assertions in the test suite. Issue 7 brings the bulk-import scenario; issue 8 the rest."""
