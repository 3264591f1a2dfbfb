# METADATA
# title: Q Developer profile in the management account
# description: >-
#   AWS recommends using the organization's management account only for tasks that require
#   it and keeping workloads out of it, because service control policies do not restrict
#   users and roles there. Amazon Q Developer should be enabled in a workload member account,
#   neither the management account nor the Identity Center delegated administrator account.
#   A profile in the management account also means the people administering Q Developer
#   settings, subscriptions and customizations need access to the management account.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (step 4)
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/subscribe-understanding-profile.html
#     description: What is the Amazon Q Developer profile?
# custom:
#   depends_on:
#     - instance.applications
#   id: QC401
#   name: QDeveloperProfileInManagementAccount
#   severity: high
#   recommended_actions:
#     - Create the Q Developer profile in a workload member account, move the subscriptions and customizations there, and delete the profile from the management account.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-7
#       why: The management account provides a Q Developer profile, a function it does not need for its role.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Developers' profile administration happens inside the organization's most privileged account.
package qcheck.management_account.q_developer_profile_in_management_account

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"Q Developer profile %q in %s is in the management account %s",
	[app.name, app.region_text, app.account_id],
	[app.arn, app.account_arn, app.instance_arn],
) if {
	some app in input.applications
	app.kind == "q_developer"
	app.in_management_account == true
}
