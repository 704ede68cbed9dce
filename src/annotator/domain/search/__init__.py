"""Full-text search (issue 14): the query language, the words' stems and the exact hits in a text."""
