# METADATA
# title: Waiver matches no finding
# description: >-
#   A waiver that no longer matches any finding (the resource was fixed, renamed or
#   deleted, or the waiver names the wrong rule or ARN) silently widens what future
#   changes may get away with: if the problem comes back it will already be waived.
#   Unmatched waivers should be removed.
# related_resources:
#   - ref: https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/resolving-code-scanning-alerts
#     description: Dismissing code scanning alerts
# custom:
#   id: QC802
#   name: WaiverUnmatched
#   severity: low
#   config_keys:
#     - waivers
#   recommended_actions:
#     - Delete the waiver from `waivers`, or correct its rule id and resource ARN so that it names the finding it was meant for.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CA-5
#       why: The list of accepted deviations holds an entry that matches nothing and needs updating.
#     - framework: iso-27001-2022
#       control: A.5.36
#       why: "A recorded exception no longer matches anything: the exceptions are not kept up to date."
package qcheck.waivers.waiver_unmatched

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	waiver.id,
	"waiver of %s for %s (owner %s) matches no finding in the checked snapshots; remove it",
	[waiver.rule, waiver.resource, waiver.owner],
	[waiver.id],
) if {
	some waiver in input.waivers
	waiver.matched == false
	waiver.expires >= input.qcheck.as_of
}
