package qcheck.access.disabled_user_still_assigned_test

import rego.v1

import data.qcheck.access.disabled_user_still_assigned
import data.qcheck.lib.fixtures

profile := fixtures.application({"name": "alpha-us"})

business := fixtures.application({
	"arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-qbiz",
	"name": "wiki",
	"kind": "q_business",
})

user_arn := "arn:aws:identitystore:::user/u-1"

group_arn := "arn:aws:identitystore:::group/g-1"

disabled(assignments) := {
	"arn": user_arn,
	"user_name": "alice@example.com",
	"identity_store_id": "d-0000000001",
	"instance_arn": fixtures.org_instance_arn,
	"assignments": assignments,
}

run(users) := results if {
	results := disabled_user_still_assigned.deny with input as fixtures.document({
	"applications": [profile, business],
	"disabled_users": users,
})
}

test_disabled_user_assigned_through_a_group_and_directly if {
	run([disabled([
		{"application_arn": profile.arn, "application_kind": "q_developer", "group_arn": group_arn},
		{"application_arn": business.arn, "application_kind": "q_business", "group_arn": null},
	])]) == {{
		"resource": user_arn,
		"message": "Disabled user \"alice@example.com\" is still assigned to Amazon Q Business application \"wiki\", Q Developer profile \"alpha-us\"",
		"evidence_paths": [[user_arn, group_arn, profile.arn], [user_arn, business.arn]],
	}}
}

test_other_applications_are_not_judged if {
	count(run([disabled([{
		"application_arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-wiki",
		"application_kind": "customer_managed",
		"group_arn": null,
	}])])) == 0
}

test_no_disabled_user_passes if {
	count(run([])) == 0
}
