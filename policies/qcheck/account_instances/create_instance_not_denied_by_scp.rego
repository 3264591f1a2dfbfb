# METADATA
# title: Member accounts can create IAM Identity Center account instances
# description: >-
#   Member accounts of an organization can create their own account instances of IAM
#   Identity Center unless a service control policy denies sso:CreateInstance; enabling
#   account instances cannot be undone, so an SCP is the only control left. Each uncontrolled
#   account instance adds a separate identity store and charges its users a separate Q
#   Developer subscription. Every member account must be covered by an attached SCP (on the
#   account or an ancestor) with a Deny statement whose Action matches sso:CreateInstance,
#   except accounts that own an account instance with a recorded justification. Conditions
#   on the Deny statement are not evaluated.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/control-account-instance.html
#     description: Control account instance creation with service control policies
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
#     description: Service control policies
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
# custom:
#   id: QC305
#   name: CreateInstanceNotDeniedBySCP
#   severity: medium
#   recommended_actions:
#     - Attach an SCP that denies sso:CreateInstance to the organization root or to the OUs holding the listed accounts.
#     - Exempt an account that needs an account instance through the SCP's aws:PrincipalAccount condition and record its justification under `account_instances.justifications` in qcheck.yaml.
package qcheck.account_instances.create_instance_not_denied_by_scp

import rego.v1

target_action := "sso:createinstance"

# Accounts that own an account instance with a recorded justification are exempt.
justified_owner_ids contains instance.owner_account_id if {
	some instance in input.instances
	instance.type == "account"
	instance.justification != null
}

denying_scp_arns contains scp.arn if {
	some scp in input.scps
	denies_create_instance(scp.content)
}

covered_account_ids contains account.id if {
	some account in input.accounts
	some arn in account.scp_arns
	arn in denying_scp_arns
}

member_accounts := [account |
	some account in input.accounts
	account.in_organization == true
	account.is_management == false
	not account.id in justified_owner_ids
]

deny contains violation if {
	org := input.organization
	org != null
	uncovered := sort([account.id | some account in member_accounts; not account.id in covered_account_ids])
	count(uncovered) > 0
	examples := array.slice(uncovered, 0, 5)
	arns := {account.id: account.arn | some account in member_accounts}
	violation := {
		"resource": org.arn,
		"message": sprintf(
			"%d of %d member accounts in organization %s have no SCP denying sso:CreateInstance and can create IAM Identity Center account instances (for example %s)",
			[count(uncovered), count(member_accounts), org.id, concat(", ", examples)],
		),
		"evidence": array.concat([org.arn], [arns[id] | some id in examples; arns[id] != null]),
	}
}

denies_create_instance(content) if {
	some statement in statements(content)
	statement.Effect == "Deny"
	some action in actions(statement)
	action_matches(action)
}

statements(content) := content.Statement if is_array(content.Statement)

statements(content) := [content.Statement] if is_object(content.Statement)

actions(statement) := statement.Action if is_array(statement.Action)

actions(statement) := [statement.Action] if is_string(statement.Action)

action_matches(action) if {
	is_string(action)
	lower(action) == target_action
}

action_matches(action) if {
	is_string(action)
	pattern := lower(action)
	endswith(pattern, "*")
	startswith(target_action, trim_suffix(pattern, "*"))
}
