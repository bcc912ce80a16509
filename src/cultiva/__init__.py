"""Cultiva: a participatory cultural strategy platform."""
