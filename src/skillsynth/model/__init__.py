"""Per-skill models: splitting, training, the registry and evaluation."""
