"""The trust matrix (issue 14, "Trust by construction"): the project's own leak matrix,
generated from the live schema and the route table, so that a field or route added later is
covered without editing a test.

- ``world``: two provinces and three partner ministries' offences, every row marked with text
  found nowhere else; ``principals``: a caller of every default role, where it matters at home
  and elsewhere and at the ranks the sealed-case rule turns on.
- ``oracle``: what the policy allows, apart from the schema (``row_allows``, ``hidden_reason``).
- ``paths`` and ``sampling``: every field path from Query to depth 4, from introspection; every
  field for every caller, and a seeded sample of whole paths. ``matrix`` runs them, ``leaks``
  judges each answer.
- ``routes`` and ``route_checks``: every route and method of the Starlette app and the admin
  registry: refusals, CSRF, hidden ids that answer as missing ones, pages that show nothing the
  caller may not read.
- ``findings``: holes found on the code as it stands and left to their owners, each with a
  strict-xfail test; ``test_planted_breaks``: a broken mask, scope and page, each reported.

A new root field or type is walked without a change here; a required argument of a new kind,
a new route outside the admin registry, or a path parameter naming something new stops the
matrix with a message saying what to describe (``paths.NAMED_VALUES``, ``routes.OUTSIDE``,
``routes.RECORDS`` / ``NOT_RECORDS``).
"""
