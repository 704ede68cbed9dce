"""Annotator: read, highlight and tag news articles; export the tagged passages exactly."""

__version__ = "0.1.0"
