"""The XML documents a client sends through the confining proxy, parsed and written anew.

Two S3 requests carry an XML body: DeleteObjects (keys to delete) and
CompleteMultipartUpload (parts). The proxy never forwards what it received: it parses
the document with defusedxml (no DTD, no entity, no external reference), accepts only
the elements S3 defines for that request, each once where S3 says once, no attribute
and no stray text, and writes a new document from the values it read. A key therefore
reaches the upstream server only as the proxy mapped it, whatever spelling of the
element the client chose (spaces in tags, prefixes, CDATA, character references).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from nubodoc.targets.proxy.streaming import Refusal

S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"
_DELETE_OBJECT_FIELDS = {"Key", "VersionId", "ETag", "LastModifiedTime", "Size"}
_PART_FIELDS = {"PartNumber", "ETag", "ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME",
                "ChecksumSHA1", "ChecksumSHA256"}


def _malformed(why: str) -> Refusal:
    return Refusal(400, "MalformedXML",
                   f"The XML you provided was not well-formed or did not validate: {why}")


def _local(element: Element) -> str:
    """The element's name without S3's namespace; any other namespace is refused."""
    tag = element.tag
    if not isinstance(tag, str):
        raise _malformed("comments and processing instructions are not accepted")
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        if namespace != S3_NAMESPACE:
            raise _malformed(f"namespace {namespace!r} is not S3's")
        tag = name
    if element.attrib:
        raise _malformed(f"<{tag}> carries attributes")
    if (element.tail or "").strip():
        raise _malformed(f"text after <{tag}>")
    return tag


def _parse(body: bytes, root_name: str) -> Element:
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise _malformed(f"{type(exc).__name__}: {exc}") from None
    if _local(root) != root_name:
        raise _malformed(f"the document is not a <{root_name}>")
    if (root.text or "").strip():
        raise _malformed(f"text directly in <{root_name}>")
    return root


def _fields(element: Element, allowed: set[str]) -> dict[str, str]:
    """The child elements of *element*, each a leaf, each at most once, each allowed."""
    fields: dict[str, str] = {}
    for child in element:
        name = _local(child)
        if name not in allowed:
            raise _malformed(f"<{name}> is not accepted in <{_local(element)}>")
        if name in fields:
            raise _malformed(f"<{name}> appears twice in <{_local(element)}>")
        if len(child):
            raise _malformed(f"<{name}> holds elements")
        fields[name] = child.text or ""
    return fields


def _document(root: Element) -> bytes:
    root.set("xmlns", S3_NAMESPACE)
    return tostring(root, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class DeleteRequest:
    """A DeleteObjects request: the objects named, and whether the answer is quiet."""

    objects: tuple[dict[str, str], ...]
    quiet: bool

    def mapped(self, key: Callable[[str], str]) -> bytes:
        """The request written anew with every key replaced by ``key(original)``."""
        root = Element("Delete")
        if self.quiet:
            SubElement(root, "Quiet").text = "true"
        for fields in self.objects:
            entry = SubElement(root, "Object")
            for name, value in fields.items():
                SubElement(entry, name).text = key(value) if name == "Key" else value
        return _document(root)


def parse_delete(body: bytes) -> DeleteRequest:
    """Read a DeleteObjects body; refuse anything but S3's ``<Delete>`` document."""
    root = _parse(body, "Delete")
    objects, quiet = [], None
    for child in root:
        name = _local(child)
        if name == "Quiet":
            if quiet is not None or len(child):
                raise _malformed("<Quiet> appears twice or holds elements")
            quiet = (child.text or "").strip().lower()
            if quiet not in ("true", "false"):
                raise _malformed("<Quiet> is neither true nor false")
        elif name == "Object":
            fields = _fields(child, _DELETE_OBJECT_FIELDS)
            if "Key" not in fields:
                raise _malformed("an <Object> without <Key>")
            objects.append(fields)
        else:
            raise _malformed(f"<{name}> is not accepted in <Delete>")
    if not objects or len(objects) > 1000:
        raise _malformed("a <Delete> names between 1 and 1000 objects")
    return DeleteRequest(tuple(objects), quiet == "true")


def complete_multipart(body: bytes) -> bytes:
    """A CompleteMultipartUpload body, checked and written anew (it names no key)."""
    root = _parse(body, "CompleteMultipartUpload")
    rebuilt = Element("CompleteMultipartUpload")
    for child in root:
        if _local(child) != "Part":
            raise _malformed(f"<{_local(child)}> is not accepted in <CompleteMultipartUpload>")
        part = SubElement(rebuilt, "Part")
        for name, value in _fields(child, _PART_FIELDS).items():
            SubElement(part, name).text = value
    return _document(rebuilt)
