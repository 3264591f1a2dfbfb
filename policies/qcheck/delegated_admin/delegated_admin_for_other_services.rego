# METADATA
# title: Identity Center delegated administrator also administers other services
# description: >-
#   The IAM Identity Center delegated administrator account should be dedicated solely to
#   administering Identity Center. When the same member account is also registered as
#   delegated administrator for other AWS services, more teams need access to an account that
#   controls workforce access to every account and application in the organization.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (step 3)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html
#     description: Delegated administrator for AWS services that work with Organizations
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#     - account.delegated_admin_services
#   id: QC203
#   name: DelegatedAdminForOtherServices
#   severity: medium
#   recommended_actions:
#     - Register a different member account as delegated administrator for the other services and deregister this one.
#     - Or move IAM Identity Center delegated administration to a dedicated account.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-5
#       why: "One account administers Identity Center and other services: the duties are combined in one place."
#     - framework: iso-27001-2022
#       control: A.5.3
#       why: Administration of several services from the identity administration account combines duties that should be segregated.
package qcheck.delegated_admin.delegated_admin_for_other_services

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	account.arn,
	"Account %s (%s), the IAM Identity Center delegated administrator, is also delegated administrator for %s",
	[account.id, account.name, concat(", ", others)],
	[account.arn],
) if {
	some account in input.accounts
	account.delegated_admin_known == true
	account.is_idc_delegated_admin == true
	others := sort([s | some s in account.delegated_admin_services; s != "sso.amazonaws.com"])
	count(others) > 0
}
