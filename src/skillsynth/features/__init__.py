"""Feature families computed from a response and its session."""
