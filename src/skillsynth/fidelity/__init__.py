"""How far the synthetic responses are from real children's: detection, distances, lengths by grade."""
