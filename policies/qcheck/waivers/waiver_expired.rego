# METADATA
# title: Waiver has expired
# description: >-
#   A waiver in qcheck.yaml accepts a finding for a limited time, with an owner and a
#   reason. Once its expiry date has passed the waiver no longer applies: the finding it
#   covered is back in the gate, and the stale entry should be renewed deliberately or
#   removed.
# related_resources:
#   - ref: https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/resolving-code-scanning-alerts
#     description: Dismissing code scanning alerts
# custom:
#   id: QC801
#   name: WaiverExpired
#   severity: low
#   config_keys:
#     - waivers
#   recommended_actions:
#     - Fix the finding the waiver covered, then delete the waiver.
#     - Or, if the risk is still accepted, renew the waiver in `waivers` with a new expiry date and owner sign-off.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CA-5
#       why: An accepted deviation passed its end date without the remediation or a renewed decision.
#     - framework: iso-27001-2022
#       control: A.5.36
#       why: "An exception to the policy expired: compliance with the policy is no longer reviewed for it."
package qcheck.waivers.waiver_expired

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	waiver.id,
	"waiver of %s for %s (owner %s) expired on %s; the finding is no longer waived",
	[waiver.rule, waiver.resource, waiver.owner, waiver.expires],
	[waiver.id],
) if {
	some waiver in input.waivers
	waiver.expires < input.qcheck.as_of
}
