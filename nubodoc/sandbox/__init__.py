"""The embedded S3 sandbox: moto's S3, IAM and STS over HTTPS, with authentication on."""

from nubodoc.sandbox.sandbox import Sandbox

__all__ = ["Sandbox"]
