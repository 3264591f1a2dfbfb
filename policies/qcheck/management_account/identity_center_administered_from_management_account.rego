# METADATA
# title: Identity Center applications administered from the management account
# description: >-
#   When the organization instance of IAM Identity Center has no delegated administrator, the
#   application assignments of every AWS managed application it serves (Q Developer profiles
#   included) can only be managed by signing in to the management account. AWS recommends
#   accessing the management account only when absolutely necessary and delegating Identity
#   Center administration to a dedicated member account. This rule reports such an instance
#   in place of QC201, which covers organization instances serving no application yet.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (step 3)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#     - instance.applications
#   id: QC404
#   name: IdentityCenterAdministeredFromManagementAccount
#   severity: high
#   recommended_actions:
#     - Register a dedicated member account as IAM Identity Center delegated administrator and manage application assignments from there.
#     - Limit management account access to the few administrators who need it.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: Applications are administered with the management account's privileges rather than a delegated, restricted account.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Application administration uses the most privileged account where a delegated one would do.
package qcheck.management_account.identity_center_administered_from_management_account

import rego.v1

import data.qcheck.lib.violation

# Owns the "no delegated administrator" cause for an instance that serves applications;
# QC201 reports it for the others.
deny contains violation.new(
	instance.arn,
	"IAM Identity Center organization instance %s has no delegated administrator, so %s administered from the management account %s",
	[instance.arn, _applications_text(count(apps)), instance.owner_account_id],
	array.concat([instance.arn], array.slice(apps, 0, 5)),
) if {
	input.identity_center.delegated_admins_known == true
	count(input.identity_center.delegated_admin_account_ids) == 0
	some instance in input.instances
	instance.type == "organization"
	instance.owner_is_management == true
	apps := instance.application_arns
	count(apps) > 0
}

_applications_text(1) := "its 1 application is"

_applications_text(n) := sprintf("its %d applications are", [n]) if n != 1
