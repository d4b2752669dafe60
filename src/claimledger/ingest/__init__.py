"""Inputs to documents: files, folders, JSONL corpora, stdin and strings; no NLP, no database."""
from .document import Document, document_id, normalise
from .language import LanguageGuess, detect_language, is_english
from .readers import ReadError, parse_published, read_inputs, read_text

__all__ = [
    "Document",
    "ReadError",
    "read_inputs",
    "read_text",
    "parse_published",
    "document_id",
    "normalise",
    "detect_language",
    "is_english",
    "LanguageGuess",
]
