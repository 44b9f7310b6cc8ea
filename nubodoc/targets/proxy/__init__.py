"""The confining proxy: an external endpoint seen only through a prefix of its own.

:mod:`confining_proxy` serves HTTPS on 127.0.0.1, checks every SigV4 signature
(:mod:`sigv4`), maps buckets and keys under the run's prefix, re-signs and forwards
(:mod:`upstream`), streaming bodies in bounded memory (:mod:`streaming`,
:mod:`aws_chunked`) and rewriting the two XML documents it forwards
(:mod:`request_documents`); :mod:`prefix_credentials` asks the server for keys that
can reach the prefix only.
"""
