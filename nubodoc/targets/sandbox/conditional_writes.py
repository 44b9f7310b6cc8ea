"""PutObject with ``If-Match: *``, as MinIO answers it (Ceph's s3-tests, issue #23).

MinIO takes ``*`` as matching any stored object (cmd/object-handlers-common.go,
``isETagEqual``): the write goes on. moto compares ``*`` with the ETag and answers 412.
:func:`install` wraps moto's ``S3Response.put_object`` once per process, for requests a
sandbox serves only (:data:`accounts.SERVING_ACCOUNT` set), after moto has checked the
request's signature: a ``*`` is read as the stored object's ETag. Without a stored
object both answer 404 ``NoSuchKey``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from nubodoc.targets.sandbox.accounts import SERVING_ACCOUNT

_INSTALL_LOCK = threading.Lock()


def _star_matches_any_object(original: Callable) -> Callable:
    """moto's ``S3Response.put_object``, reading ``If-Match: *`` as the stored ETag."""
    from werkzeug.datastructures import Headers

    @functools.wraps(original)
    def put_object(self):
        if SERVING_ACCOUNT.get() is not None and self.headers.get("If-Match", "").strip() == "*":
            stored = self.backend.get_object(self.bucket_name, self.parse_key_name())
            if stored is not None:
                headers = Headers(self.headers)
                headers["If-Match"] = stored.etag
                self.headers = headers
        return original(self)

    put_object.nubodoc_sandbox = True
    return put_object


def install() -> None:
    """Wrap moto's PutObject answer for the sandboxes' requests (idempotent)."""
    from moto.s3.responses import S3Response

    with _INSTALL_LOCK:
        if not getattr(S3Response.put_object, "nubodoc_sandbox", False):
            S3Response.put_object = _star_matches_any_object(S3Response.put_object)
