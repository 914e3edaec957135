"""Exports (issue 7): any list a user may see, as CSV or XLSX, for those the policy lets export.

``kinds`` and ``order_kinds`` say which lists (offences, persons, cases, warrants, notices) and
their columns; ``core.export`` reads the list through the API's own query, checks the ``export``
grant and scope, caps the size and audits;
``files`` writes the rows with a preamble naming who exported them, when, and the query.
"""

from __future__ import annotations

from resolvers.exports.core import FORMATS, KINDS, MAX_ROWS, Export, Reader, export
from resolvers.exports.files import CONTENT_TYPES, WRITERS, filename
from resolvers.exports.kinds import WITHHELD

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "KINDS",
    "MAX_ROWS",
    "WITHHELD",
    "WRITERS",
    "Export",
    "Reader",
    "export",
    "filename",
]
