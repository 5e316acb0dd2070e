"""Carnet: archives of live graphic recording."""
