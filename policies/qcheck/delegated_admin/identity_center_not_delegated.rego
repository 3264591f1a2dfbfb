# METADATA
# title: IAM Identity Center has no delegated administrator
# description: >-
#   An organization instance of IAM Identity Center always lives in the management account,
#   but its day-to-day administration can be delegated to a member account. Without a
#   delegated administrator, everyone who manages users, groups, permission sets or
#   application assignments needs access to the management account, which AWS recommends
#   using only for tasks that require it. An instance that already serves applications is
#   reported once, by QC404, instead.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#   id: QC201
#   name: IdentityCenterNotDelegated
#   severity: medium
#   recommended_actions:
#     - Register a dedicated member account (for example in an Infrastructure OU) as the IAM Identity Center delegated administrator.
#     - Record that account as `identity_center.delegated_admin_account` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6(5)
#       why: Without a delegated administrator, Identity Center is administered with the management account's privileges.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Day-to-day identity administration uses the organization's most privileged account rather than a restricted one.
package qcheck.delegated_admin.identity_center_not_delegated

import rego.v1

import data.qcheck.lib.violation

# An instance that serves applications is QC404's: one finding per instance, not two.
deny contains violation.new(
	instance.arn,
	"IAM Identity Center organization instance %s has no delegated administrator, so it can only be administered from the management account %s",
	[instance.arn, org.management_account_id],
	[instance.arn, org.arn],
) if {
	org := input.organization
	org != null
	input.identity_center.delegated_admins_known == true
	count(input.identity_center.delegated_admin_account_ids) == 0
	some instance in input.instances
	instance.arn in input.identity_center.organization_instance_arns
	count(instance.application_arns) == 0
}
