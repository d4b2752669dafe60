"""Inputs to documents: files, folders, HTML pages, URLs, RSS/Atom feeds, JSONL/CSV corpora,
stdin and strings; no NLP, no database."""
from .document import Document, document_id, normalise
from .language import LanguageGuess, detect_language, is_english
from .readers import CORPUS_FIELDS, ReadError, ReadOptions, iter_inputs, parse_published, read_inputs, read_text

__all__ = [
    "Document",
    "ReadError",
    "ReadOptions",
    "iter_inputs",
    "CORPUS_FIELDS",
    "read_inputs",
    "read_text",
    "parse_published",
    "document_id",
    "normalise",
    "detect_language",
    "is_english",
    "LanguageGuess",
]
