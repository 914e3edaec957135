"""GraphQL object types, one module per part of the graph. Types map rows explicitly (from_row)."""
