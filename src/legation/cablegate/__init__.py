"""Helpers for :mod:`legation.formats.cablegate`."""
