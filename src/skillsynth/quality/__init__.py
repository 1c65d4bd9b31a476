"""Data-quality gates: Great Expectations suites built from the data contract."""
