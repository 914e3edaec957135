"""Bulk imports of files of records (issue 7): court orders and warrants, offences, persons.

``files`` reads CSV and XLSX into rows of text, ``cells`` reads their values, ``report`` keeps
the per-row problems, ``batches`` runs an import batch by batch in either mode, and each kind of
record has its module (``court_orders``, ``offences``, ``persons``) holding its columns and
rules; ``kinds`` lists them for the command line and the admin. Every row goes through the same
resolver checks as one entered by hand, under the importing user's principal.
"""
