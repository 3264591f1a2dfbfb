# METADATA
# title: Managed application in the Identity Center delegated administrator account
# description: >-
#   The member account registered as IAM Identity Center delegated administrator should be
#   dedicated to administering Identity Center and reachable only by the people who maintain
#   it. Amazon Q Developer profiles and other AWS managed applications belong in other member
#   accounts; hosting them in the delegated administrator account widens who needs access to
#   an account that controls workforce access across the organization.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (steps 3 and 4)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html
#     description: IAM Identity Center delegated administration best practices
# custom:
#   depends_on:
#     - identity_center.delegated_admins
#     - instance.applications
#   id: QC202
#   name: DelegatedAdminHostsApplications
#   severity: high
#   recommended_actions:
#     - Recreate the application (for a Q Developer profile, the profile and its subscriptions) in a workload member account and delete it from the delegated administrator account.
#     - Keep the delegated administrator account limited to the team that maintains IAM Identity Center.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-5
#       why: The identity administration account also runs applications, so one account holds duties that should be separate.
#     - framework: iso-27001-2022
#       control: A.5.3
#       why: Identity administration and application hosting are conflicting duties placed in one account.
package qcheck.delegated_admin.delegated_admin_hosts_applications

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"%s %q in %s runs in account %s, the IAM Identity Center delegated administrator account, which should be dedicated to administering Identity Center",
	[labels.kind[app.kind], app.name, app.region_text, app.account_id],
	[app.arn, app.account_arn, app.instance_arn],
) if {
	input.identity_center.delegated_admins_known == true
	some app in input.applications
	app.aws_managed == true
	app.in_delegated_admin_account == true
}
