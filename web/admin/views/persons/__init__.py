"""Persons: search, the person page and timeline, entry with duplicate warnings, photos, and the person picker the other forms use."""
