# METADATA
# title: Assistant administration granted outside the approved groups
# description: >-
#   A permission set that grants administration of Amazon Q Developer, Amazon Q Business or IAM
#   Identity Center (creating profiles, applications, assignments, permission sets, users or
#   group memberships: q:*, codewhisperer:*, qbusiness:*, sso:*, identitystore:* or any policy
#   whose wildcards or NotAction cover those actions) lets its holders decide who reaches the
#   assistants. Each assignment of such a permission set to a user, or to a group not listed in
#   identity_center.approved_admin_groups, is reported. The grant is read from the inline
#   policy and from the documented content of AdministratorAccess and PowerUserAccess; a grant
#   that depends on a customer managed policy, a permissions boundary or another AWS managed
#   policy is unknown and reported by QC905.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
#     description: Permission sets (IAM Identity Center)
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/security-iam.html
#     description: Identity and access management for Amazon Q Developer
#   - ref: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#     description: AdministratorAccess (AWS managed policy reference)
# custom:
#   depends_on:
#     - instance.permission_sets
#     - identity_store.memberships
#   id: QC703
#   name: AssistantAdminOutsideApprovedGroups
#   severity: high
#   config_keys:
#     - identity_center.approved_admin_groups
#   recommended_actions:
#     - Assign the permission set only to a group listed in identity_center.approved_admin_groups, or remove the administration actions from it.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: Administration of the assistants and of IAM Identity Center is a privileged function held outside the approved groups.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Privileged access rights over the assistants are allocated outside the approved administrators.
package qcheck.ai_governance.assistant_admin_outside_approved_groups

import rego.v1

import data.qcheck.lib.violation

deny contains violation.with_properties(
	violation.paths(
		ps.arn,
		"Permission set %q grants %s to %s, outside the approved administrator groups",
		[ps.name, _actions(ps), concat("; ", _holders(ps))],
		[[ps.arn, a.principal_arn, a.account_arn] | some a in _unapproved(ps)],
	),
	{"admin_actions": concat(", ", ps.admin_actions)},
) if {
	some ps in input.permission_sets
	ps.admin_known == true
	count(ps.admin_actions) > 0
	count(_unapproved(ps)) > 0
}

_unapproved(ps) := [a | some a in ps.assignments; a.approved == false]

_holders(ps) := sort({sprintf("%s %s in account %s", [lower(a.principal_type), _principal(a), a.account_id]) |
	some a in _unapproved(ps)
})

_actions(ps) := sprintf("%s and %d more administration actions", [ps.admin_actions[0], count(ps.admin_actions) - 1]) if {
	count(ps.admin_actions) > 1
}

_actions(ps) := ps.admin_actions[0] if count(ps.admin_actions) == 1

_principal(a) := sprintf("%q", [a.principal_name]) if a.principal_name != ""

_principal(a) := a.principal_arn if a.principal_name == ""
