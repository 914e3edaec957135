"""Who may see and change what: principals, the Casbin model and policy, scopes, field masks."""
