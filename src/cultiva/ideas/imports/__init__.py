"""Spreadsheet import of contributions: parse (plain), validate (plain), services, views."""
