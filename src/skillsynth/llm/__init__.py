"""LLM calls through the OpenAI SDK: bounded, retried, validated, cached on disk and kept within a budget."""
