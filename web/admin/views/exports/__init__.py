"""Exports: a file of any list the user sees (offences, cases, the person search), for those the
policy lets export (``resolvers.exports``)."""
