package qcheck.access.customization_outside_business_unit_test

import rego.v1

import data.qcheck.access.customization_outside_business_unit
import data.qcheck.lib.fixtures

custom_arn := "arn:aws:codewhisperer:us-east-1:333333333333:customization/CUSTOM000001"

grey := fixtures.grant({
	"principal": "Grey",
	"principal_arn": "arn:aws:identitystore:::group/g-grey",
	"principal_name": "Grey",
	"outside_user_arns": ["arn:aws:identitystore:::user/u-gus"],
})

gus := fixtures.grant({
	"principal": "gus@example.com",
	"principal_type": "user",
	"principal_arn": "arn:aws:identitystore:::user/u-gus",
	"principal_name": "gus@example.com",
	"outside_user_arns": ["arn:aws:identitystore:::user/u-gus"],
})

run(grants) := results if {
	results := customization_outside_business_unit.deny with input as fixtures.document({
	"customizations": [fixtures.customization({
		"business_unit": "Alpha",
		"allowed_groups": ["Orange", "Blue"],
		"access_declared": true,
		"grants": grants,
	})],
})
}

test_group_outside_the_unit_is_denied if {
	run([fixtures.grant({}), grey]) == {{
		"resource": custom_arn,
		"message": "Customization \"custom\", trained on Alpha's code, is granted through group \"Grey\" to 1 user(s) outside the groups Alpha allows (Orange, Blue)",
		"evidence_paths": [[custom_arn, "arn:aws:identitystore:::group/g-grey", "arn:aws:identitystore:::user/u-gus"]],
	}}
}

test_user_outside_the_unit_counts_once if {
	some v in run([grey, gus])
	contains(v.message, "group \"Grey\", user \"gus@example.com\" to 1 user(s)")
	[custom_arn, "arn:aws:identitystore:::user/u-gus"] in v.evidence_paths
}

test_allowed_groups_pass if {
	count(run([fixtures.grant({})])) == 0
}

test_unknown_memberships_are_not_judged if {
	count(run([object.union(grey, {"people_known": false})])) == 0
}

test_grants_to_another_instance_are_left_to_qc603 if {
	count(run([object.union(grey, {"same_instance": false})])) == 0
}
