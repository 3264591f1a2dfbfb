# METADATA
# title: Permission set provisioned to the management account
# description: >-
#   A permission set provisioned to the organization's management account signs people in to
#   the account that AWS recommends using only for tasks that require it. Such permission sets
#   can be changed only from the management account itself, not by the IAM Identity Center
#   delegated administrator, so their holders stay outside delegated administration.
# related_resources:
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin-how-to-register.html
#     description: Register a delegated administrator (what the delegated administrator cannot do)
# custom:
#   depends_on:
#     - instance.permission_sets
#   id: QC405
#   name: PermissionSetInManagementAccount
#   severity: medium
#   recommended_actions:
#     - Remove the permission set's account assignments in the management account and use a member account for the work it grants; keep management account access to break-glass roles.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: A permission set provisioned to the management account hands out access to the most privileged account of the organization.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Access to the management account is a privileged access right to be restricted and controlled.
package qcheck.management_account.permission_set_provisioned_to_management_account

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	ps.arn,
	"Permission set %q is provisioned to the management account %s",
	[ps.name, input.organization.management_account_id],
	[ps.arn, _management_arn],
) if {
	some ps in input.permission_sets
	ps.provisioned_to_management == true
}

_management_arn := arn if {
	some account in input.accounts
	account.is_management
	arn := account.arn
}

_management_arn := null if {
	not _has_management
}

_has_management if {
	some account in input.accounts
	account.is_management
}
