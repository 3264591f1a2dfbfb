package qcheck.access.customization_granted_across_instances_test

import rego.v1

import data.qcheck.access.customization_granted_across_instances
import data.qcheck.lib.fixtures

other_instance := "arn:aws:sso:::instance/ssoins-acct"

foreign := fixtures.grant({
	"principal": "d-0000000002/Blue",
	"principal_arn": "arn:aws:identitystore:::group/g-blue2",
	"principal_name": "Blue",
	"identity_store_id": "d-0000000002",
	"instance_arn": other_instance,
	"same_instance": false,
})

run(grants) := results if {
	results := customization_granted_across_instances.deny with input as fixtures.document({
	"customizations": [fixtures.customization({"access_declared": true, "grants": grants})],
})
}

test_grant_to_another_instance_is_denied if {
	run([fixtures.grant({}), foreign]) == {{
		"resource": "arn:aws:codewhisperer:us-east-1:333333333333:customization/CUSTOM000001",
		"message": "Customization \"custom\" is declared as granted to group \"Blue\", which belong to IAM Identity Center instance(s) arn:aws:sso:::instance/ssoins-acct, not to its profile's instance arn:aws:sso:::instance/ssoins-org",
		"evidence_paths": [[
			"arn:aws:codewhisperer:us-east-1:333333333333:customization/CUSTOM000001",
			"arn:aws:identitystore:::group/g-blue2",
			other_instance,
		]],
	}}
}

test_grants_in_the_profile_instance_pass if {
	count(run([fixtures.grant({})])) == 0
}

test_unknown_instance_is_not_judged if {
	count(run([fixtures.grant({"same_instance": null})])) == 0
}
