# METADATA
# title: AWS managed application in the management account
# description: >-
#   AWS managed applications that sign users in through IAM Identity Center, such as Amazon Q
#   Business or Kiro, should be enabled in member accounts rather than in the organization's
#   management account, which AWS recommends keeping free of workloads and using only for
#   tasks that require it. Q Developer profiles are reported separately (QC401).
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
# custom:
#   depends_on:
#     - instance.applications
#   id: QC402
#   name: ManagedApplicationInManagementAccount
#   severity: medium
#   recommended_actions:
#     - Recreate the application in a workload member account, assign its users and groups there, and remove it from the management account.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-7
#       why: The management account runs managed applications beyond its essential function.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Administering these applications requires working inside the organization's most privileged account.
package qcheck.management_account.managed_application_in_management_account

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.violation

# Q Developer profiles are QC401's.
deny contains violation.new(
	app.arn,
	"%s %q in %s is in the management account %s",
	[labels.kind[app.kind], app.name, app.region_text, app.account_id],
	[app.arn, app.account_arn, app.instance_arn],
) if {
	some app in input.applications
	app.kind != "q_developer"
	app.aws_managed == true
	app.in_management_account == true
}
