"""Reviewers' verdicts and corrections, kept in SQLite."""
