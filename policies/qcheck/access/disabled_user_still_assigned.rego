# METADATA
# title: Disabled user still assigned to Amazon Q
# description: >-
#   An identity-store user whose UserStatus is DISABLED is still assigned, directly or
#   through a group, to a Q Developer profile or an Amazon Q Business application. The
#   assignment is a separate object that disabling the user leaves in place, so enabling the
#   user again (by hand or by a directory sync) gives the assistant back without anyone
#   deciding it, and the assignment list no longer says who should have the assistant.
#   Users whose status was not read are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_User.html
#     description: Identity Store User (UserStatus)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/authconcept-revoke-access.html
#     description: Deny access for disabled or deleted IAM Identity Center users
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListApplicationAssignments.html
#     description: ListApplicationAssignments
# custom:
#   depends_on:
#     - application.assignments
#     - identity_store.memberships
#     - user.status
#   id: QC602
#   name: DisabledUserStillAssigned
#   severity: medium
#   recommended_actions:
#     - Remove the user from the groups assigned to the application, or remove their direct assignment.
#     - If the user should keep access, enable them again and record why.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: A disabled user who keeps an assignment is an account whose access was not removed with it.
#     - framework: iso-27001-2022
#       control: A.5.18
#       why: Access rights are to be removed when a user leaves; the assignment outlives the disabled user.
package qcheck.access.disabled_user_still_assigned

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.violation

_assistant := {"q_developer", "q_business"}

_names(paths) := concat(", ", sort({_name(p) | some p in paths}))

_name(p) := sprintf("%s %s", [labels.kind[p.application_kind], _app_name(p.application_arn)])

_app_name(arn) := sprintf("%q", [app.name]) if {
	some app in input.applications
	app.arn == arn
} else := arn

deny contains violation.paths(
	user.arn,
	"Disabled user %q is still assigned to %s",
	[user.user_name, _names(paths)],
	[[user.arn, p.group_arn, p.application_arn] | some p in paths],
) if {
	some user in input.disabled_users
	paths := [p | some p in user.assignments; p.application_kind in _assistant]
	count(paths) > 0
}
