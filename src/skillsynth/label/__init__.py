"""Labelers: the four skill scores of each sample."""
