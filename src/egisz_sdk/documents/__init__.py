"""Document uploads: check a file the way the registry will, before the user waits for a rejection.

::

    from egisz_sdk import documents

    report = documents.check("diploma_Иванов.pdf", target="frmr.education")
    report.ok                      # False when any finding is an error
    for f in report.findings:      # code, severity, source, message_ru / message_en, fix
        print(f.code, f.message_en, f.fix)

    documents.check_set("scans/", procedure="frmr.registration").missing   # ('diploma',)

Rules are package data (``documents/rules/*.json``, one file per target, every rule with its source); where the
sources disagree a target has several named rulesets (``ruleset=``). Content is identified by its bytes: PDF
with pypdf, JPEG/PNG with Pillow (the ``documents`` extra), DOCX as an OOXML package. The FRMR/FRMO machine API has
no file-upload endpoint in any public source: these checks serve your own upload screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egisz_sdk._lazy import lazy_dir, lazy_get

if TYPE_CHECKING:
    from egisz_sdk.documents._check import METADATA_FIELDS, check
    from egisz_sdk.documents._model import Finding, Fix, Report, SetReport, Severity
    from egisz_sdk.documents._names import suggest_name, type_from_name
    from egisz_sdk.documents._rules import (
        Ruleset,
        document_types,
        load_ruleset,
        procedures,
        target_rules,
        targets,
    )
    from egisz_sdk.documents._sets import CONDITIONS, check_many, check_set

__all__ = [
    "CONDITIONS",
    "METADATA_FIELDS",
    "Finding",
    "Fix",
    "Report",
    "Ruleset",
    "SetReport",
    "Severity",
    "check",
    "check_many",
    "check_set",
    "document_types",
    "load_ruleset",
    "procedures",
    "suggest_name",
    "target_rules",
    "targets",
    "type_from_name",
]

_EXPORTS = {
    "CONDITIONS": "egisz_sdk.documents._sets",
    "METADATA_FIELDS": "egisz_sdk.documents._check",
    "Finding": "egisz_sdk.documents._model",
    "Fix": "egisz_sdk.documents._model",
    "Report": "egisz_sdk.documents._model",
    "Ruleset": "egisz_sdk.documents._rules",
    "SetReport": "egisz_sdk.documents._model",
    "Severity": "egisz_sdk.documents._model",
    "check": "egisz_sdk.documents._check",
    "check_many": "egisz_sdk.documents._sets",
    "check_set": "egisz_sdk.documents._sets",
    "document_types": "egisz_sdk.documents._rules",
    "load_ruleset": "egisz_sdk.documents._rules",
    "procedures": "egisz_sdk.documents._rules",
    "suggest_name": "egisz_sdk.documents._names",
    "target_rules": "egisz_sdk.documents._rules",
    "targets": "egisz_sdk.documents._rules",
    "type_from_name": "egisz_sdk.documents._names",
}


def __getattr__(name: str) -> Any:
    return lazy_get(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return lazy_dir(__name__, _EXPORTS)
