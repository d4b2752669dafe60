"""claimledger: a ledger of attributed, hedged numeric claims from war and crisis reporting.

``claimledger.extract(text, published=None, url=None)`` returns the claims of
one article; ``claimledger.api`` has the Python twin of every CLI command.
"""
__version__ = "0.1.0"

from .model import Claim, Quantity  # noqa: E402
from . import extract  # noqa: E402  (a callable package: claimledger.extract(text, ...))

__all__ = ["Claim", "Quantity", "extract", "__version__"]
