"""Model and dataset cards in the Hugging Face layouts, built from the pipeline's outputs."""
