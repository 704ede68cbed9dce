"""Plain-Python domain: documents, tags, annotations, spans and offsets. No Qt, no SQLAlchemy."""
