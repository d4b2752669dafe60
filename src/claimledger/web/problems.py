"""Errors as RFC 9457 problem details, one shape for every error the API gives.

A problem is JSON (``application/problem+json``) with ``type`` (a link to the
problem's description in the API docs), ``title`` (the same for every
occurrence of the type), ``status``, ``detail`` (this occurrence) and
``instance`` (the request path); some add members (``errors`` lists each
invalid parameter). Pages get the same content as an HTML page.
"""
from __future__ import annotations

from typing import Any, Optional

from starlette.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"

#: problem type -> (title, what it means). Each type is documented at /docs#problem-<type>.
TYPES: dict[str, tuple[str, str]] = {
    "bad-parameter": ("Invalid parameter",
                      "A query, path or body parameter has the wrong type, is out of range or is malformed; "
                      "``errors`` names each one."),
    "unknown-parameter": ("Unknown parameter",
                          "The request names a query parameter this endpoint does not have (a misspelt filter "
                          "would otherwise silently match everything)."),
    "repeated-parameter": ("Repeated parameter", "A parameter that takes one value was given several times."),
    "bad-cursor": ("Invalid cursor", "The cursor is not one this endpoint returned for the same filters and sort."),
    "not-found": ("Not found", "There is no such resource."),
    "method-not-allowed": ("Method not allowed", "The resource exists but not with this method."),
    "unauthorized": ("Authentication required",
                     "This endpoint needs the server's API token: 'Authorization: Bearer <token>' "
                     "(or HTTP Basic with the token as password)."),
    "forbidden": ("Forbidden", "The request was understood and refused (e.g. a cross-site form post)."),
    "too-large": ("Request too large", "The request body is larger than the server accepts (--max-body)."),
    "unsupported-media-type": ("Unsupported media type", "Send the body as application/json."),
    "bad-host": ("Unknown host", "The Host header names a host this server does not answer to "
                                  "(a guard against DNS rebinding); see --allow-host."),
    "ingest-failed": ("Nothing could be ingested",
                      "The text or URL was refused (empty, not English, too large, a private address, ...) "
                      "or could not be fetched; ``detail`` and ``items`` say why."),
    "server-error": ("Internal server error", "The server failed; the error was logged."),
    "http-error": ("HTTP error", "An HTTP error without a more specific type."),
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, type_: str, detail: Optional[str] = None, *,
                 headers: Optional[dict[str, str]] = None, **extra: Any):
        super().__init__(detail or type_)
        self.status = status
        self.type = type_
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: Optional[str] = None) -> dict[str, Any]:
        title = TYPES.get(self.type, (self.type.replace("-", " ").capitalize(), ""))[0]
        out: dict[str, Any] = {"type": f"/docs#problem-{self.type}", "title": title, "status": self.status}
        if self.detail:
            out["detail"] = self.detail
        if instance:
            out["instance"] = instance
        out.update(self.extra)
        return out

    def response(self, instance: Optional[str] = None) -> JSONResponse:
        return JSONResponse(self.body(instance), status_code=self.status, headers=self.headers,
                            media_type=MEDIA_TYPE)


def from_status(status: int, detail: Optional[str] = None, headers: Optional[dict] = None) -> Problem:
    type_ = {400: "bad-parameter", 401: "unauthorized", 403: "forbidden", 404: "not-found",
             405: "method-not-allowed", 413: "too-large", 415: "unsupported-media-type",
             422: "bad-parameter"}.get(status, "server-error" if status >= 500 else "http-error")
    return Problem(status, type_, detail, headers=headers)
