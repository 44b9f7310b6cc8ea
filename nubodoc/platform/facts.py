"""The platform's facts (``platforms/<name>.toml``): each value the pages state, and its source.

A fact is a table ``[fact.<name>]``: a ``title`` (what it is about, for the maintainers'
checklist) and a ``value``, then either a ``source`` (repository, path and tag or
commit, or an address) and the date it was ``checked``, or ``status = "unconfirmed"``
and what would ``confirm`` it. A fact that depends on the Onyxia version has one table
per version, ``[fact.<name>.onyxia.<version>]``, instead of a value. ``[image.<name>]``
lists what a service image ships (Python distributions, R packages, commands) and
``[languages]`` names the image each snippet language runs in.

:func:`load_platform_facts` validates the file against :data:`FACTS_SCHEMA` and
reports every problem with the file and line. :meth:`PlatformFacts.substitutions`
gives the pages' MyST substitutions: a fact's name, its value, marked
:data:`UNCONFIRMED` when it is not confirmed.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

from nubodoc.catalogue.task_schema import STRING, STRINGS, object_with, schema_problems_with
from nubodoc.catalogue.toml_location import line_of_path
from nubodoc.core.errors import DeclarationError
from nubodoc.platform.profiles import edition_tags, region_fact_values, region_leaves

#: What a page shows after a value no source confirms.
UNCONFIRMED = "(non confirmé)"
#: What a fact another profile states, and this one lacks, is in this profile's edition:
#: only an ``{only}`` block that this edition leaves out may name it.
NOT_APPLICABLE = "(sans objet)"
#: The folder, beside ``conf.py``, of the platforms' facts files.
PLATFORMS_DIR = "platforms"

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_VALUE = {"anyOf": [STRING, STRINGS]}
#: A source: an address, or ``owner/repository path[, path…] @ tag-or-commit``.
_SOURCE = {"type": "string", "pattern": r"^(https?://\S+|[\w.-]+/[\w.-]+ .+ @ \S.*)$"}
_EVIDENCE = {"source": _SOURCE, "checked": _DATE, "status": {"enum": ["unconfirmed"]},
             "confirm": STRING}
#: A value and its evidence: a source and a date, or the unconfirmed status.
_SOURCED = {"oneOf": [{"required": ["source", "checked"],
                       "not": {"anyOf": [{"required": ["status"]}, {"required": ["confirm"]}]}},
                      {"required": ["status", "confirm"], "not": {"required": ["checked"]}}]}
_VERSIONED = object_with({"value": _VALUE, **_EVIDENCE}, ("value",)) | _SOURCED
_FACT = object_with({"title": STRING, "label": {"type": "boolean"}, "value": _VALUE, **_EVIDENCE,
                "onyxia": {"type": "object", "minProperties": 1,
                           "propertyNames": {"pattern": r"^\d+$"},
                           "additionalProperties": _VERSIONED}},
               ("title",)) | {"oneOf": [{"required": ["value"], **_SOURCED},
                                        {"required": ["onyxia"]}]}
_IMAGE = object_with({"title": STRING, "inherits": STRING, "python": STRINGS, "r": STRINGS,
                 "commands": STRINGS, "source": _SOURCE, "checked": _DATE},
                ("title", "source", "checked"))

#: Facts (and, with ``images = true``, the images and languages) taken with their
#: evidence from another profile of the same folder; ``facts = ["*"]``: every fact the
#: borrowing profile does not state itself.
_BORROW = object_with({"profile": STRING, "facts": STRINGS, "images": {"type": "boolean"}},
                 ("profile",))

FACTS_SCHEMA = object_with({
    "platform": STRING,
    "borrow": _BORROW,
    "region": {"type": "object"},
    "region_evidence": {"type": "object",
                        "additionalProperties": object_with(_EVIDENCE) | _SOURCED},
    "fact": {"type": "object", "additionalProperties": _FACT},
    "image": {"type": "object", "additionalProperties": _IMAGE},
    "languages": {"type": "object", "additionalProperties": STRING},
}, ("platform", "fact"))

_VALIDATOR = Draft202012Validator(FACTS_SCHEMA)


@dataclass(frozen=True)
class Evidence:
    """A value and why the guide may state it: its source and check date, or not confirmed."""

    value: str | tuple[str, ...]
    source: str | None = None
    checked: str | None = None
    confirm: str | None = None

    @property
    def unconfirmed(self) -> bool:
        """True when no source confirms the value."""
        return self.source is None

    def text(self, label: bool = False) -> str:
        """The value as prose: a list joined by commas, a label in « », its mark if unconfirmed."""
        value = ", ".join(self.value) if isinstance(self.value, tuple) else self.value
        if label:
            value = f"« {value} »"
        return f"{value} {UNCONFIRMED}" if self.unconfirmed else value


@dataclass(frozen=True)
class Fact:
    """One fact the pages state: a single value, or one value per Onyxia version."""

    name: str
    title: str
    label: bool = False
    evidence: Evidence | None = None
    #: Onyxia version (``"11"``) -> its value, newest first; empty for a single value.
    versions: dict[str, Evidence] = field(default_factory=dict)

    def text(self) -> str:
        """The fact as a page says it: ``« A » (Onyxia 11) ou « B » (Onyxia 10)`` if versioned."""
        if self.evidence is not None:
            return self.evidence.text(self.label)
        return " ou ".join(f"{evidence.text(self.label)} (Onyxia {version})"
                           for version, evidence in self.versions.items())

    def rows(self) -> list[tuple[str, Evidence]]:
        """(what, evidence) for each value: one row, or one per Onyxia version."""
        if self.evidence is not None:
            return [(self.title, self.evidence)]
        return [(f"{self.title} (Onyxia {version})", evidence)
                for version, evidence in self.versions.items()]


@dataclass(frozen=True)
class Image:
    """A service image: what it ships, on top of the image it ``inherits`` from."""

    name: str
    title: str
    source: str
    checked: str
    inherits: str | None = None
    python: frozenset[str] = frozenset()
    r: frozenset[str] = frozenset()
    commands: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Shipped:
    """Everything an image ships, its base images' included."""

    python: frozenset[str]
    r: frozenset[str]
    commands: frozenset[str]


#: Forms the pages use besides the facts' own names: name -> how it is made from the values.
DERIVED = {
    "s3_endpoint_code": lambda plain: f"`{plain['s3_endpoint']}`",
    "s3_endpoint_link": lambda plain: (f"[`https://{plain['s3_endpoint']}`]"
                                       f"(https://{plain['s3_endpoint']})"),
    "s3_console_link": lambda plain: (f"[`https://{plain['s3_console']}`]"
                                      f"(https://{plain['s3_console']})"),
    "pvc_delete_role_code": lambda plain: f"`{plain['pvc_delete_role']}`",
    "pvc_roles_code": lambda plain: ", ".join(
        re.sub(r"^(\S+)", r"`\1`", role.strip()) for role in plain["pvc_roles"].split(",")),
    "tls_ca_link": lambda plain: f"[`{plain['tls_ca_url']}`]({plain['tls_ca_url']})",
    "system_ca_store_export": lambda plain: (f"`export REQUESTS_CA_BUNDLE="
                                             f"{plain['system_ca_store']}`"),
    "system_ca_store_environ": lambda plain: (f"`os.environ[\"REQUESTS_CA_BUNDLE\"] = "
                                              f"\"{plain['system_ca_store']}\"`"),
}


@dataclass(frozen=True)
class PlatformFacts:
    """A platform's facts file, read and validated."""

    path: Path
    platform: str
    facts: dict[str, Fact]
    images: dict[str, Image]
    languages: dict[str, str]
    #: Onyxia's region configuration as the profile states it (``region.data.S3``…).
    region: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The profile's name: its file's, without ``.toml``."""
        return self.path.stem

    def tags(self) -> set[str]:
        """The Sphinx tags of this profile's edition (:func:`profiles.edition_tags`)."""
        confirmed = {name for name, fact in self.facts.items()
                     if fact.evidence is not None and not fact.evidence.unconfirmed}
        return edition_tags(self.name, self.region, confirmed)

    def plain(self) -> dict[str, str]:
        """Each fact's text by name (``nubodoc_platform`` in ``conf.py``), plus each version's."""
        values = {name: fact.text() for name, fact in self.facts.items()}
        for name, fact in self.facts.items():
            for version, evidence in fact.versions.items():
                values[f"{name}_v{version}"] = evidence.text(fact.label)
        return values

    def substitutions(self) -> dict[str, str]:
        """The pages' MyST substitutions: :meth:`plain` as Markdown, and :data:`DERIVED`."""
        plain = self.plain()
        markdown = {name: value.replace("<", "\\<") for name, value in plain.items()}
        for name, fact in self.facts.items():
            if fact.evidence is not None:
                markdown[f"{name}_source"] = _citation(fact.evidence)
        for name, make in DERIVED.items():
            try:
                markdown[name] = make(plain)
            except KeyError:  # the facts file lacks what this form is made from
                continue
        return markdown

    def page_substitutions(self, platforms: Path | None = None) -> dict[str, str]:
        """:meth:`substitutions`, plus :data:`NOT_APPLICABLE` for those only the other
        profiles of its folder, or of *platforms*, have (a page's ``{only}`` block names them)."""
        others = {}
        folders = {self.path.parent, *([platforms] if platforms else [])}
        for path in sorted({p for folder in folders for p in folder.glob("*.toml")}):
            if path.resolve() != self.path.resolve():
                others |= dict.fromkeys(load_platform_facts(path).substitutions(),
                                        NOT_APPLICABLE)
        return others | self.substitutions()

    def shipped(self, image: str) -> Shipped:
        """What *image* ships, with everything it inherits."""
        python, r, commands = set(), set(), set()
        seen = set()
        while image and image not in seen:
            seen.add(image)
            found = self.images[image]
            python |= found.python
            r |= found.r
            commands |= found.commands
            image = found.inherits
        return Shipped(frozenset(python), frozenset(r), frozenset(commands))

    def checklist(self) -> str:
        """The maintainers' checklist: a Markdown table of each fact, its source and check."""
        lines = ["| Fait | Valeur | Source | Vérifié le |", "| --- | --- | --- | --- |"]
        for fact in self.facts.values():
            for what, evidence in fact.rows():
                value = evidence.text(fact.label).replace(f" {UNCONFIRMED}", "")
                if evidence.unconfirmed:
                    source, checked = "—", f"non confirmé : {_cell(evidence.confirm)}"
                else:
                    source, checked = _code(evidence.source), evidence.checked
                lines.append(f"| {_cell(what)} | {_code(value)} | {source} | {checked} |")
        for image in self.images.values():
            shipped = sorted(image.python | image.r | image.commands)
            lines.append(f"| {_cell(image.title)} | {_code(', '.join(shipped))} | "
                         f"{_code(image.source)} | {image.checked} |")
        return "\n".join(lines)


def _citation(evidence: Evidence) -> str:
    """Where a page says a value comes from: repository, files and version, or not confirmed."""
    if evidence.unconfirmed:
        return "non confirmé"
    if evidence.source.startswith(("http://", "https://")):
        return f"<{evidence.source}>"
    repository, _, rest = evidence.source.partition(" ")
    files, _, version = rest.rpartition(" @ ")
    short = _COMMIT.sub(r"\1", version)
    return f"dépôt `{repository}`, `{files}`, version `{short}`"


def _cell(text: str) -> str:
    """*text* safe in a Markdown table cell."""
    return text.replace("|", "\\|").replace("<", "\\<")


#: A full Git commit id: shown as its seven-character short form, as ``git log`` shows it.
#: Forty hexadecimal digits in a built page read, to the credential gate, like a secret.
_COMMIT = re.compile(r"\b([0-9a-f]{7})[0-9a-f]{33}\b")


def _code(text: str) -> str:
    """*text* as inline code in a table cell (backticks inside are dropped), commit ids
    shortened."""
    shown = _COMMIT.sub(r"\1", text).replace("`", "").replace("|", "/")
    return f"`{shown}`"


def _evidence(table: dict) -> Evidence:
    value = table["value"]
    return Evidence(tuple(value) if isinstance(value, list) else value, table.get("source"),
                    table.get("checked"), table.get("confirm"))


def _dates_as_text(data):
    """*data* with each TOML date written ``YYYY-MM-DD`` (JSON Schema has no date type)."""
    if isinstance(data, dict):
        return {key: _dates_as_text(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(value) for value in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def _check_references(data: dict, text: str, path: Path) -> None:
    """Images a language or an image names must exist."""
    images = data.get("image", {})
    for name, image in images.items():
        if "inherits" in image and image["inherits"] not in images:
            raise DeclarationError(path, line_of_path(text, ("image", name, "inherits")),
                                   f"[image.{name}] inherits unknown image "
                                   f"'{image['inherits']}'")
    for language, image in data.get("languages", {}).items():
        if image not in images:
            raise DeclarationError(path, line_of_path(text, ("languages", language)),
                                   f"[languages] {language} names unknown image '{image}'")


def load_platform_facts(path: Path | str) -> PlatformFacts:
    """Read and validate a facts file; DeclarationError (file:line) on the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = _dates_as_text(tomllib.loads(text))
    except OSError as exc:
        raise DeclarationError(path, None, f"cannot be read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeclarationError(path, None, f"invalid TOML: {exc}") from None
    problems = schema_problems_with(_VALIDATOR, data, text, _hint)
    if problems:
        (line, first), *others = problems
        raise DeclarationError(path, line, "\n".join(
            [first, *(f"{path}:{n}: {message}" for n, message in others)]))
    _check_references(data, text, path)
    facts = _region_facts(data, text, path)
    for name, table in data["fact"].items():
        if name in facts:
            raise DeclarationError(path, line_of_path(text, ("fact", name)),
                                   f"[fact.{name}] is stated by [region] already")
        versions = sorted(table.get("onyxia", {}).items(), key=lambda item: -int(item[0]))
        facts[name] = Fact(name, table["title"], table.get("label", False),
                           _evidence(table) if "value" in table else None,
                           {version: _evidence(value) for version, value in versions})
    images = {name: Image(name, table["title"], table["source"], table["checked"],
                          table.get("inherits"), frozenset(table.get("python", ())),
                          frozenset(table.get("r", ())), frozenset(table.get("commands", ())))
              for name, table in data.get("image", {}).items()}
    languages = data.get("languages", {})
    if "borrow" in data:
        borrowed = _borrowed(data["borrow"], text, path, facts)
        facts |= borrowed.facts
        if data["borrow"].get("images"):
            images, languages = borrowed.images | images, borrowed.languages | languages
    return PlatformFacts(path, data["platform"], facts, images, languages,
                         data.get("region", {}))


def _region_facts(data: dict, text: str, path: Path) -> dict[str, Fact]:
    """The facts made from ``[region]``; every leaf needs its ``[region_evidence]``."""
    region, evidence = data.get("region", {}), data.get("region_evidence", {})
    leaves = region_leaves(region)
    for leaf in leaves:
        if leaf not in evidence:
            raise DeclarationError(path, line_of_path(text, ("region", *leaf.split("."))),
                                   f"region.{leaf} has no [region_evidence.\"{leaf}\"]")
    for leaf in evidence:
        if leaf not in leaves:
            raise DeclarationError(path, line_of_path(text, ("region_evidence", leaf)),
                                   f"[region_evidence.\"{leaf}\"] names no leaf of [region]")
    facts = {}
    for name, (title, leaf, value) in region_fact_values(region).items():
        table = evidence.get(leaf, {"status": "unconfirmed",
                                    "confirm": f"`region.{leaf}`, absent du profil"})
        facts[name] = Fact(name, title, evidence=_evidence({**table, "value": value}))
    return facts


def _borrowed(borrow: dict, text: str, path: Path, own: dict) -> PlatformFacts:
    """The profile *borrow* names, holding only the facts taken from it."""
    other = load_platform_facts(path.with_name(f"{borrow['profile']}.toml"))
    wanted = borrow.get("facts", [])
    if wanted == ["*"]:  # every fact this profile does not state itself
        wanted = [name for name in other.facts if name not in own]
    for name in wanted:
        if name not in other.facts or name in own:
            why = "is stated here too" if name in own else f"is not in {other.path.name}"
            raise DeclarationError(path, line_of_path(text, ("borrow", "facts")),
                                   f"[borrow] fact '{name}' {why}")
    return PlatformFacts(other.path, other.platform,
                         {name: other.facts[name] for name in wanted},
                         other.images, other.languages)


def _hint(path: tuple, validator: str) -> str | None:
    """A clearer message for a fact that breaks the source-or-status rule."""
    if validator == "oneOf" and len(path) in (2, 4) and path[0] == "fact":
        where = ".".join(str(key) for key in path)
        return (f"[{where}] needs either source and checked (a date), or "
                "status = \"unconfirmed\" and confirm (what would confirm it); "
                "a fact with one value per Onyxia version has [fact.<name>.onyxia.<version>] "
                "tables instead of value")
    return None
