# METADATA
# title: IAM Identity Center application open to every user of its instance
# description: >-
#   An application that does not require assignment lets every user of its IAM Identity
#   Center instance in: "If false, all users have access to the application"
#   (GetApplicationAssignmentConfiguration). Who may use it is then decided by whoever can
#   create a user in the directory, not by an assignment. The finding's severity follows the
#   application's kind. High for the AI assistants (Q Developer profiles, Amazon Q Business,
#   Kiro): every user reaches an assistant that answers from the organization's code or
#   indexed content, including customizations trained on one business unit's proprietary
#   code. Medium for other AWS managed applications: they hold the organization's data but
#   have their own permission model behind the sign-in. Low for customer managed SAML or
#   OAuth applications: IAM Identity Center only signs users in, and what they may do is
#   decided by the application, which qcheck cannot see.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_GetApplicationAssignmentConfiguration.html
#     description: GetApplicationAssignmentConfiguration (AssignmentRequired)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutApplicationAssignmentConfiguration.html
#     description: PutApplicationAssignmentConfiguration
# custom:
#   depends_on:
#     - application.assignment_required
#   id: QC601
#   name: OpenApplication
#   severity: high
#   recommended_actions:
#     - Require assignment for the application (PutApplicationAssignmentConfiguration with AssignmentRequired true) and assign the groups that should use it.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6
#       why: An application open to every user of the directory grants access beyond those who need it.
#     - framework: iso-27001-2022
#       control: A.5.15
#       why: Access to the application is not controlled by assignment, so the access control rule is not enforced.
package qcheck.access.open_application

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.violation

_severity := {
	"q_developer": "high",
	"q_business": "high",
	"kiro": "high",
	"aws_managed": "medium",
	"customer_managed": "low",
}

_reach(app) := "every user of its IAM Identity Center instance" if app.reachable_user_count == null

_reach(app) := sprintf("every user of its IAM Identity Center instance (%d users)", [app.reachable_user_count]) if {
	app.reachable_user_count != null
}

deny contains object.union(
	violation.new(
		app.arn,
		"%s %q in account %s does not require assignment: %s can use it",
		[labels.kind[app.kind], app.name, app.account_id, _reach(app)],
		[app.arn, app.instance_arn],
	),
	{"severity": _severity[app.kind]},
) if {
	some app in input.applications
	app.assignment_required == false
}
