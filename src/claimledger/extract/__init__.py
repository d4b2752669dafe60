"""Extraction: from a document's text to claims. Pure functions over spaCy
docs; no database and no I/O, so the library, the CLI, the batch engine and
the spaCy component all call the same code.

The package itself is callable: ``claimledger.extract(text, published=...)``
is the library's main entry point, while ``claimledger.extract.numbers``,
``claimledger.extract.attribution`` and the rest stay importable modules.
"""
import sys as _sys
import types as _types

from .pipeline import (  # noqa: F401
    extract,
    extract_document,
    extract_documents,
    extract_quantities,
    load_nlp,
    shared_nlp,
)


class _CallablePackage(_types.ModuleType):
    def __call__(self, text, published=None, url=None, **kwargs):
        return extract(text, published=published, url=url, **kwargs)


_sys.modules[__name__].__class__ = _CallablePackage
