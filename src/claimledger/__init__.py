"""claimledger: a ledger of attributed, hedged numeric claims from war and crisis reporting."""
__version__ = "0.1.0"

from .model import Claim, Quantity  # noqa: E402
from . import extract as _extract_package  # noqa: E402,F401  (the subpackage: claimledger.extract.*)
from .extract.pipeline import extract  # noqa: E402  (the function: claimledger.extract(text, ...))

__all__ = ["Claim", "Quantity", "extract", "__version__"]
