"""Helpers for the chainrule chapter."""
