# METADATA
# title: Identity Center delegated administrator is not the approved account
# description: >-
#   qcheck.yaml can name the one member account approved to administer IAM Identity Center.
#   Identity Center allows a single delegated administrator at a time, and whoever controls it
#   can manage workforce access to applications and member accounts, so a registration for
#   any other account is an unreviewed change of control.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin-how-to-register.html
#     description: Register a member account as IAM Identity Center delegated administrator
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#   id: QC204
#   name: DelegatedAdminNotApprovedAccount
#   severity: high
#   config_keys:
#     - identity_center.delegated_admin_account
#   recommended_actions:
#     - Deregister the account as IAM Identity Center delegated administrator and register the approved account.
#     - If the change was intended, update `identity_center.delegated_admin_account` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: The privileged Identity Center administrator role sits in an account other than the one approved for it.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Privileged identity administration is held by an account that was not authorised for it.
package qcheck.delegated_admin.delegated_admin_not_approved_account

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	admin.arn,
	"Account %s is registered as IAM Identity Center delegated administrator, but qcheck.yaml approves only account %s",
	[admin.id, approved],
	[admin.arn],
) if {
	approved := input.identity_center.approved_delegated_admin_account_id
	approved != null
	input.identity_center.delegated_admins_known == true
	some admin in input.identity_center.delegated_admin_accounts
	admin.id != approved
}
