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

deny contains violation if {
	approved := input.identity_center.approved_delegated_admin_ou_paths
	count(approved) > 0
	some account_id in input.identity_center.delegated_admin_account_ids
	account := object.get(accounts_by_id, account_id, {})
	path := object.get(account, "ou_path", "")
	not in_approved_path(path, approved)
	resource := resource_of(account, account_id)
	violation := {
		"resource": resource,
		"message": sprintf(
			"IAM Identity Center delegated administrator account %s is in %s, outside the approved OU paths %s",
			[account_id, path_text(path), concat(", ", approved)],
		),
		"evidence": array.concat([resource], [x | some x in object.get(account, "ou_arns", []); x != null]),
	}
}

in_approved_path(path, approved) if {
	some p in approved
	path == trim_suffix(p, "/")
}

in_approved_path(path, approved) if {
	some p in approved
	startswith(path, concat("", [trim_suffix(p, "/"), "/"]))
}

resource_of(account, _) := account.arn if account.arn != null

resource_of(account, account_id) := account_id if object.get(account, "arn", null) == null

path_text(path) := sprintf("OU path %q", [path]) if path != ""

path_text("") := "an unknown OU path"
