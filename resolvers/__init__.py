"""The operations. GraphQL and the admin both call these with a Context; neither touches SQL."""
