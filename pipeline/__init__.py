"""Publishing pipeline for scraped Chinese documents.

Stages, each a pure function returning its output and the changes it made:
ingest (bytes -> text), clean (text -> text), structure (text -> Document),
source (Document <-> Pandoc Markdown), render (Markdown -> PDF, DOCX, EPUB).
"""
