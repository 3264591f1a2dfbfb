# METADATA
# title: Identity Center delegated administrator outside the approved OUs
# description: >-
#   qcheck.yaml can list the OU paths where the IAM Identity Center delegated administrator
#   may live, such as an Infrastructure OU governed by stricter SCPs and access rules. A
#   delegated administrator account placed anywhere else (or whose placement is unknown)
#   does not get those guardrails. An account is inside an approved path when its OU path
#   equals it or is nested below it.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations (delegated administrator in the Infrastructure OU)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
#     description: Service control policies
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#     - organization.tree
#   id: QC205
#   name: DelegatedAdminOutsideApprovedOU
#   severity: medium
#   config_keys:
#     - identity_center.delegated_admin_ous
#   recommended_actions:
#     - Move the delegated administrator account into one of the approved OUs.
#     - Or update `identity_center.delegated_admin_ous` in qcheck.yaml if the placement was intended.
package qcheck.delegated_admin.delegated_admin_outside_approved_ou

import rego.v1

accounts_by_id := {a.id: a | some a in input.accounts}

# Membership is decided by tree ancestry (the OU ARNs above the account), never by
# comparing names: an OU may be named "Infrastructure/Shadow".
deny contains violation if {
	approved := input.identity_center.approved_delegated_admin_ou_arns
	count(input.identity_center.approved_delegated_admin_ou_paths) > 0
	input.identity_center.delegated_admins_known == true
	input.identity_center.approved_delegated_admin_ous_known == true
	some account_id in input.identity_center.delegated_admin_account_ids
	account := accounts_by_id[account_id]
	account.in_organization == true
	ancestors := account.ou_arns
	count({arn | some arn in ancestors; arn in approved}) == 0
	resource := account.arn
	violation := {
		"resource": resource,
		"message": sprintf(
			"IAM Identity Center delegated administrator account %s is in OU path \"%s\", outside the approved OUs %s",
			[account_id, account.ou_path, concat(", ", input.identity_center.approved_delegated_admin_ou_paths)],
		),
		"evidence": array.concat([resource], [x | some x in ancestors; x != null]),
	}
}
