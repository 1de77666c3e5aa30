"""Rendering the catalogue into Markdown pages (with escaped HTML blocks) for MkDocs."""
