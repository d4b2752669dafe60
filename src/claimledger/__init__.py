"""claimledger: a ledger of attributed, hedged numeric claims from war and crisis reporting."""
__version__ = "0.1.0"

from .model import Claim, Quantity  # noqa: E402


def extract(text, published=None, url=None, *, document_ref=None, title=None):
    """Extract figure and statement claims from one article's text.

    ``published`` (a date or ISO string) anchors relative dates such as
    "on Wednesday". Returns a list of :class:`Claim`.
    """
    from .extract import extract as _extract

    return _extract(text, published=published, url=url, document_ref=document_ref, title=title)


__all__ = ["Claim", "Quantity", "extract", "__version__"]
