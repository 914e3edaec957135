"""The Starlette application: middleware, the GraphQL endpoint, the admin, health and static files."""
