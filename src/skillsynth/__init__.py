"""skillsynth: synthetic training data and per-skill models for social-emotional skill assessment."""

__version__ = "0.1.0"
