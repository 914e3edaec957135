"""Mutations, one module per part of the graph; schema.mutation merges them into one root."""
