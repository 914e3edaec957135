"""Offences and cases: entry, lists and pages, the place cascade, and record history."""
