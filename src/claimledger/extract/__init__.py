"""Extraction: from a document's text to claims. Pure functions over spaCy
docs; no database and no I/O, so the library, the CLI, the batch engine and
the spaCy component all call the same code."""
from .pipeline import (  # noqa: F401
    extract,
    extract_document,
    extract_documents,
    extract_quantities,
    load_nlp,
    shared_nlp,
)
