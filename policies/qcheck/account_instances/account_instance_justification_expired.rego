# METADATA
# title: IAM Identity Center account instance justification has expired
# description: >-
#   Account instances are exceptions to the recommended organization instance, and the
#   justification recorded for one in qcheck.yaml carries an expiry date so the exception is
#   reviewed. Once the expiry date has passed (a justification expiring today is still
#   valid), the account instance must be removed or its justification renewed.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (when account instances are recommended)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
# custom:
#   depends_on:
#     - instance.type
#   id: QC302
#   name: AccountInstanceJustificationExpired
#   severity: high
#   recommended_actions:
#     - Migrate the instance's applications and users to the organization instance and delete the account instance.
#     - Or review the exception with its owner and set a new expiry date in its entry under `account_instances.justifications` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: The approval for the account instance has lapsed and was not reviewed or renewed.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: "The identity source's justification expired: its life cycle is no longer managed."
package qcheck.account_instances.account_instance_justification_expired

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	instance.arn,
	"The justification for IAM Identity Center account instance %s in account %s expired on %s (checked as of %s)",
	[instance.arn, instance.owner_account_id, justification.expires, input.qcheck.as_of],
	[instance.arn, instance.owner_account_arn],
) if {
	some instance in input.instances
	instance.type == "account"
	justification := instance.justification
	justification != null
	is_string(justification.expires)
	justification.expires < input.qcheck.as_of
}
