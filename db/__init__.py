"""Persistence: SQLModel tables, query functions, migrations, reference data.

Every query of the project lives under this package; resolvers call these functions and never
build SQL themselves.
"""
