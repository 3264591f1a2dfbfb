# METADATA
# title: IAM Identity Center account instance justification has no owner
# description: >-
#   An account instance of IAM Identity Center keeps its own users, groups and settings
#   outside central identity management, so someone must answer for it, renew or retire the
#   exception, and pay for its separate subscriptions. A justification in qcheck.yaml whose
#   owner is missing or blank leaves the exception without anyone accountable.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations (extra operational cost of account instances)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
# custom:
#   depends_on:
#     - instance.type
#   id: QC304
#   name: AccountInstanceJustificationUnowned
#   severity: medium
#   recommended_actions:
#     - Name the team or person accountable for the account instance as the owner of its entry under `account_instances.justifications` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: Account management assigns a manager to each account store; this account instance has none.
#     - framework: iso-27001-2022
#       control: A.5.9
#       why: An identity source with no owner is an asset nobody is responsible for.
package qcheck.account_instances.account_instance_justification_unowned

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	instance.arn,
	"The justification for IAM Identity Center account instance %s in account %s names no owner",
	[instance.arn, instance.owner_account_id],
	[instance.arn, instance.owner_account_arn],
) if {
	some instance in input.instances
	instance.type == "account"
	justification := instance.justification
	justification != null
	_unowned(object.get(justification, "owner", null))
}

_unowned(owner) if not is_string(owner)

_unowned(owner) if {
	is_string(owner)
	trim_space(owner) == ""
}
