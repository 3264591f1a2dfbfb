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
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: The privileged Identity Center administrator account lies outside the OUs approved to hold it.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Privileged identity administration is held outside the part of the organization authorised for it.
package qcheck.delegated_admin.delegated_admin_outside_approved_ou

import rego.v1

import data.qcheck.lib.violation

# Membership is decided by tree ancestry (the OU ARNs above the account), never by
# comparing names: an OU may be named "Infrastructure/Shadow".
deny contains violation.new(
	admin.arn,
	"IAM Identity Center delegated administrator account %s is in OU path \"%s\", outside the approved OUs %s",
	[admin.id, admin.ou_path, concat(", ", ic.approved_delegated_admin_ou_paths)],
	array.concat([admin.arn], admin.ou_arns),
) if {
	ic := input.identity_center
	count(ic.approved_delegated_admin_ou_paths) > 0
	ic.delegated_admins_known == true
	ic.approved_delegated_admin_ous_known == true
	some admin in ic.delegated_admin_accounts
	admin.in_organization == true
	count({arn | some arn in admin.ou_arns; arn in ic.approved_delegated_admin_ou_arns}) == 0
}
