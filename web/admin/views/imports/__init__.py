"""Imports of court orders, offences and persons from CSV or XLSX files (issue 7): the upload
page, the jobs running in the server process, and each job's progress and report."""
