"""Rule filters: which rules a check evaluates (--rule, --skip-rule, --family,
--min-severity, or the `filters` section of qcheck.yaml).

A rule left out is not evaluated at all, and every report lists it with the reason, so a
clean report of a filtered run never reads as a clean organization.

The evidence rules (family `evidence`: collection gaps, unknown facts) judge whether the
other rules could be judged; `--rule`, `--family` and `--min-severity` keep them, only
`--skip-rule` drops one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from qcheck.errors import InputError
from qcheck.model import FilteredRule, Rule, RuleFilter
from qcheck.policy.catalog import Catalog

EVIDENCE_FAMILY = "evidence"


def apply_filter(
    catalog: Catalog, rule_filter: RuleFilter
) -> tuple[Catalog, tuple[FilteredRule, ...]]:
    """The catalog with only the selected rules, and the rules left out with the reason."""
    kept: list[Rule] = []
    left_out: list[FilteredRule] = []
    for rule in catalog.rules:
        reason = _reason(rule, rule_filter)
        if reason is None:
            kept.append(rule)
        else:
            left_out.append(FilteredRule(rule, reason))
    return replace(catalog, rules=tuple(kept)), tuple(left_out)


def _reason(rule: Rule, f: RuleFilter) -> str | None:
    """Why `rule` is left out, or None when it is evaluated."""
    if rule.id in f.skip_rules:
        return "skipped (skip rule)"
    if rule.family == EVIDENCE_FAMILY:
        return None
    if (f.rules or f.families) and rule.id not in f.rules and rule.family not in f.families:
        chosen = [*f.rules, *(f"family {name}" for name in f.families)]
        return f"not selected (selected: {', '.join(chosen)})"
    if f.min_severity is not None and not rule.severity.at_least(f.min_severity):
        return f"below the minimum severity {f.min_severity.value}"
    return None


def check_names(
    rules: Sequence[Rule], f: RuleFilter, source: str | None = None, line: int | None = None
) -> None:
    """An id or family the catalog does not have is an error, naming the config and line
    when the filter came from there: a typo would otherwise select nothing."""
    ids = {rule.id for rule in rules}
    families = sorted({rule.family for rule in rules})
    for rule_id in (*f.rules, *f.skip_rules):
        if rule_id not in ids:
            raise InputError(
                f"filter names unknown rule {rule_id!r} (see `qcheck policy list`)", source, line
            )
    for family in f.families:
        if family not in families:
            raise InputError(
                f"filter names unknown family {family!r} (families: {', '.join(families)})",
                source,
                line,
            )
