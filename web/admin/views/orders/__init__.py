"""Warrants and court orders, notices, crackdown operations, and overdue validations."""
