# METADATA
# title: Facts unknown, rules not judged
# description: >-
#   Some facts the rules need could not be established: a collection step failed (QC901
#   reports the gap itself) or no AWS API reports the fact and qcheck.yaml does not declare
#   it (a Q Developer profile's Region). qcheck never reads an unknown fact as "none", so the
#   rules that depend on it were not judged for that resource: neither a pass nor a
#   violation. Each finding names the unknown fact, the resource, the gaps that caused it
#   and the rules left unjudged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/subscribe-understanding-profile.html
#     description: Understanding Amazon Q Developer profiles (a profile's Region)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/security-iam.html
#     description: Identity and access management for IAM Identity Center (permissions a collection needs)
# custom:
#   id: QC905
#   name: FactUnknown
#   severity: medium
#   config_keys:
#     - inventory.profiles
#   recommended_actions:
#     - For a profile's Region, declare it under inventory.profiles in qcheck.yaml (the Region shown in the Q Developer console's settings for that profile).
#     - For a collection gap, grant the read permissions `qcheck iam-policy` prints to the collecting role and collect again.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CA-7
#       why: Facts the controls depend on are unknown, so the rules that need them were not assessed.
#     - framework: iso-27001-2022
#       control: A.5.36
#       why: Part of the compliance review could not be carried out for lack of evidence.
package qcheck.evidence.fact_unknown

import rego.v1

import data.qcheck.lib.violation

deny contains violation.with_properties(
	violation.new(
		unknown.id,
		"Not judged: %s; %s",
		[unknown.message, _rules_text(unknown.rules)],
		array.concat([unknown.resource], unknown.gap_ids),
	),
	{"fact": unknown.fact, "rules_not_judged": concat(", ", unknown.rules)},
) if {
	some unknown in input.unknowns
}

_rules_text(rules) := "no rule depends on it" if count(rules) == 0

_rules_text(rules) := sprintf("rules not judged for it: %s", [concat(", ", rules)]) if count(rules) > 0
