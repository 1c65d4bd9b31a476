"""Synthetic student responses: latent skills, then text."""
