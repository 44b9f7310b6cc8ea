"""S3's error answer, written in one place for every server the kit serves itself.

The sandbox (moto's API refused, anonymous reads, presigned URLs) and the confining proxy
answer some requests on their own; each answer is S3's ``<Error>`` document, with the
text escaped by ElementTree.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree.ElementTree import Element, SubElement, tostring

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            409: "Conflict", 411: "Length Required", 412: "Precondition Failed",
            416: "Requested Range Not Satisfiable", 501: "Not Implemented", 502: "Bad Gateway"}


def error_document(code: str, message: str, resource: str | None = None) -> bytes:
    """S3's ``<Error>`` document: its code, message and, if given, the resource."""
    root = Element("Error")
    SubElement(root, "Code").text = code
    SubElement(root, "Message").text = message
    if resource is not None:
        SubElement(root, "Resource").text = resource
    return _DECLARATION + tostring(root, encoding="unicode").encode("utf-8")


def error_answer(start_response: Callable, status: int, code: str,
                 message: str) -> list[bytes]:
    """Start a WSGI answer with *status* and return S3's error document as its body."""
    body = error_document(code, message)
    start_response(f"{status} {_REASONS.get(status, 'Error')}",
                   [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
    return [body]
