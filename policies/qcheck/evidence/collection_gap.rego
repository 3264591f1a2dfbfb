# METADATA
# title: Snapshot collection gap
# description: >-
#   The snapshot could not collect some AWS data, usually because a read permission was
#   denied, a service was not enabled, or a Region was unreachable. Every rule that depends
#   on that data may miss findings, so a clean report is not proof of compliance until each
#   gap is closed or explained.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
#     description: Troubleshoot access denied error messages
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
#     description: Service control policies (which can deny the read calls a collector makes)
# custom:
#   id: QC901
#   name: CollectionGap
#   severity: high
#   recommended_actions:
#     - Grant the collecting role the read permission named by the error (and check SCPs that may deny it), then take a new snapshot.
#     - If the data is out of scope on purpose, document the gap next to the report.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CA-7
#       why: "Monitoring could not read part of the organization: the assessment of that part is incomplete."
#     - framework: iso-27001-2022
#       control: A.5.36
#       why: The compliance review could not see part of the organization.
package qcheck.evidence.collection_gap

import rego.v1

import data.qcheck.lib.text
import data.qcheck.lib.violation

deny contains violation.new(
	gap.id,
	"Could not collect %s:%s for %s in %s: %s (%s)",
	[
		gap.service,
		gap.operation,
		_account_text(gap.account_id),
		text.or_else(gap.region, "global"),
		text.or_else(gap.error_code, "unknown error"),
		text.or_else(gap.message, "no message"),
	],
	[gap.id],
) if {
	some gap in input.gaps
}

_account_text(account_id) := sprintf("account %s", [account_id]) if account_id != null

_account_text(null) := "organization"
