"""Bulk imports of files of records (issue 7): court orders and warrants first.

``files`` reads CSV and XLSX into rows of text, ``report`` keeps the per-row problems, and each
kind of record has its module (``court_orders``) holding its columns and rules. Every row goes
through the same resolver checks as one entered by hand, under the importing user's principal.
"""
