"""Storage: SQLAlchemy rows, the engine and its SQLite pragmas, migrations and repositories."""
