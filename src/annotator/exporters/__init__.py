"""Exporters: domain rows to files (CSV first)."""
