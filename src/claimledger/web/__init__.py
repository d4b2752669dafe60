"""``claimledger serve``: an HTTP API and server-rendered pages over one ledger.

:func:`create_app` builds the FastAPI application (see docs/web.md); the CLI's
``serve`` command runs it with uvicorn after :func:`check_bind` has agreed to
the address and token.
"""
from .app import WebConfig, check_bind, create_app

__all__ = ["WebConfig", "check_bind", "create_app"]
