"""The reference validators of the ASFF, OCSF, JUnit and CSV reports, shared by the tests.

Each returns the problems it found in a rendered report (empty when valid):

- ASFF: botocore's own ParamValidator on the securityhub model's BatchImportFindings input
  (each batch as `Findings`), plus the maxima the model documents but does not encode
  (botocore validates minimum lengths only).
- OCSF: the JSON Schema of class compliance_finding (profile cloud) that ocsf-json-schema
  generates from the OCSF 1.8.0 schema export it ships, validated with jsonschema (Draft
  2020-12); and Prowler's py-ocsf-models ComplianceFinding model.
- JUnit: the Jenkins xUnit plugin's junit-10.xsd (junit-10.xsd.md) with xmlschema.
- CSV: Python's csv reader in strict mode, RFC 4180 line ends.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path
from typing import Any

ASFF_TYPE_NAMESPACES = (
    "Software and Configuration Checks",
    "TTPs",
    "Effects",
    "Unusual Behaviors",
    "Sensitive Data Identifications",
)
JUNIT_XSD = Path(__file__).with_name("junit-10.xsd")
OCSF_VERSION = "1.8.0"


# ---------------------------------------------------------------------------------------
# ASFF


@functools.cache
def _securityhub() -> tuple[Any, Any]:
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("securityhub")
    shape = model.operation_model("BatchImportFindings").input_shape
    return ParamValidator(), shape


def asff_problems(text: str) -> list[str]:
    validator, shape = _securityhub()
    batches = json.loads(text)
    problems = []
    if not isinstance(batches, list):
        return ["not a JSON array of batches"]
    for number, batch in enumerate(batches, start=1):
        report = validator.validate({"Findings": batch}, shape)
        if report.has_errors():
            problems.append(f"batch {number}: {report.generate_report()}")
        if not 1 <= len(batch) <= 100:
            problems.append(f"batch {number}: {len(batch)} findings (1 to 100 allowed)")
        problems += [f"batch {number}: {p}" for f in batch for p in _asff_documented(f)]
    return problems


def _asff_documented(finding: dict[str, Any]) -> list[str]:
    """Constraints of the AwsSecurityFinding documentation that the model leaves out."""
    problems = []
    if len(json.dumps(finding).encode("utf-8")) > 240 * 1024:
        problems.append("larger than 240 KB")  # "The maximum allowed size for a finding"
    limits = {"Id": 512, "Title": 256, "Description": 1024, "GeneratorId": 512}
    for key, limit in limits.items():
        if len(finding.get(key, "")) > limit:
            problems.append(f"{key} longer than {limit}")
    if not re.fullmatch(r"\d{12}", finding.get("AwsAccountId", "")):
        problems.append("AwsAccountId is not 12 digits")
    if not 1 <= len(finding.get("Resources", [])) <= 32:
        problems.append("Resources: 1 to 32 items")
    for resource in finding.get("Resources", []):
        if len(resource.get("Region", "")) > 16:
            problems.append("Resource.Region longer than 16")
    fields = finding.get("ProductFields", {})
    if len(fields) > 50 or any(len(k) > 128 or len(v) > 2048 for k, v in fields.items()):
        problems.append("ProductFields: at most 50 pairs, keys 128, values 2048")
    text = finding.get("Remediation", {}).get("Recommendation", {}).get("Text", "")
    if len(text) > 512:
        problems.append("Recommendation.Text longer than 512")
    for kind in finding.get("Types", []) + finding.get("FindingProviderFields", {}).get(
        "Types", []
    ):
        if kind.split("/")[0] not in ASFF_TYPE_NAMESPACES:
            problems.append(f"type {kind!r}: unknown namespace")
    return problems


# ---------------------------------------------------------------------------------------
# OCSF


@functools.cache
def _ocsf_validator() -> Any:
    from jsonschema import Draft202012Validator
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version=OCSF_VERSION)).get_class_schema(
        class_name="compliance_finding", profiles=["cloud"]
    )
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def ocsf_problems(text: str) -> list[str]:
    from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
    from pydantic import ValidationError

    events = json.loads(text)
    if not isinstance(events, list):
        return ["not a JSON array of events"]
    validator = _ocsf_validator()
    problems = []
    for number, event in enumerate(events, start=1):
        problems += [
            f"event {number}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(event)
        ]
        try:
            ComplianceFinding.model_validate(event)
        except ValidationError as error:
            problems.append(f"event {number}: py-ocsf-models: {error}")
    return problems


# ---------------------------------------------------------------------------------------
# JUnit


@functools.cache
def _junit_schema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(str(JUNIT_XSD))


def junit_problems(text: str) -> list[str]:
    return [str(error) for error in _junit_schema().iter_errors(text)]


# ---------------------------------------------------------------------------------------
# CSV


def csv_rows(text: str) -> list[list[str]]:
    """The rows of an RFC 4180 document: CRLF after every record, read strictly."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "a bare line feed"
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert len({len(row) for row in rows}) == 1, "rows of different lengths"
    return rows
