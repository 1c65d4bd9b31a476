"""Scoring new sessions with the trained models: validation, the shared scoring core, predict and serve."""
