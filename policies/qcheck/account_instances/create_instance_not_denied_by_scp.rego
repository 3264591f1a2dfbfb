# METADATA
# title: Member accounts can create IAM Identity Center account instances
# description: >-
#   Member accounts of an organization can create their own account instances of IAM
#   Identity Center unless the service control policies in force deny sso:CreateInstance;
#   enabling account instances cannot be undone, so an SCP is the only control left. Each
#   uncontrolled account instance adds a separate identity store and charges its users a
#   separate Q Developer subscription. qcheck evaluates the SCPs as AWS does for every
#   active member account: an explicit Deny anywhere from the root down denies, and
#   otherwise an explicit Allow is needed at every level (Action and NotAction, wildcards,
#   Resource, and conditions on aws:PrincipalAccount, aws:PrincipalOrgID and
#   aws:PrincipalOrgPaths, so AWS's own SCP that exempts accounts with StringNotEquals
#   aws:PrincipalAccount leaves the exempted accounts able to create instances). Where a
#   condition depends on the calling principal (aws:PrincipalArn, tags, ...), the account is
#   reported as depending on the principal. Accounts that own a justified account instance,
#   the management account (SCPs do not apply to it, and AWS refuses CreateInstance there)
#   and suspended or closed accounts are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/control-account-instance.html
#     description: Control account instance creation with service control policies
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
#     description: SCP evaluation
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
# custom:
#   id: QC305
#   name: CreateInstanceNotDeniedBySCP
#   severity: medium
#   depends_on:
#     - account.scps
#     - organization.tree
#   recommended_actions:
#     - Attach an SCP that denies sso:CreateInstance to the organization root or to the OUs holding the listed accounts.
#     - Exempt an account that needs an account instance through the SCP's aws:PrincipalAccount condition and record its justification under account_instances.justifications in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6
#       why: Member accounts keep a permission to create identity sources that the organization does not need them to have.
#     - framework: iso-27001-2022
#       control: A.5.15
#       why: Access control rules (SCPs) do not prevent member accounts from creating their own identity sources.
package qcheck.account_instances.create_instance_not_denied_by_scp

import rego.v1

import data.qcheck.lib.violation

# Accounts that own an account instance with a recorded justification are exempt.
_justified_owner_ids contains instance.owner_account_id if {
	some instance in input.instances
	instance.type == "account"
	instance.justification != null
}

_judged := [account |
	some account in input.accounts
	account.in_organization == true
	account.is_management == false
	account.active == true
	not account.id in _justified_owner_ids
	account.create_instance.outcome != "unknown"
]

_allowed := sort([account.id | some account in _judged; account.create_instance.outcome == "allowed"])

_depends := sort([account.id | some account in _judged; account.create_instance.outcome == "depends_on_principal"])

deny contains violation.with_properties(
	violation.with_examples(
		violation.new(
			org.arn,
			"In organization %s, %s (for example %s)",
			[org.id, _counts_text(count(_allowed), count(_depends), count(_judged)), concat(", ", examples)],
			[org.arn],
		),
		[arns[id] | some id in examples],
	),
	{
		"accounts_allowed": sprintf("%d", [count(_allowed)]),
		"accounts_depending_on_principal": sprintf("%d", [count(_depends)]),
	},
) if {
	org := input.organization
	org != null
	count(_allowed) + count(_depends) > 0
	examples := array.slice(array.concat(_allowed, _depends), 0, 5)
	arns := {account.id: account.arn | some account in _judged}
}

_counts_text(n, 0, total) := sprintf("%d of %d member accounts can create IAM Identity Center account instances: no SCP denies sso:CreateInstance", [n, total])

_counts_text(0, d, total) := sprintf("for %d of %d member accounts, whether they can create IAM Identity Center account instances depends on the calling principal (an SCP condition on the principal decides)", [d, total]) if d > 0

_counts_text(n, d, total) := sprintf("%d of %d member accounts can create IAM Identity Center account instances (no SCP denies sso:CreateInstance) and for %d more it depends on the calling principal", [n, total, d]) if {
	n > 0
	d > 0
}
