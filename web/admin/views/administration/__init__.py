"""Users, API tokens, the access policy editor and simulator, and the audit viewer."""
