"""Measuring tools that read the project's test data (evaluation, benchmarks); not shipped."""
