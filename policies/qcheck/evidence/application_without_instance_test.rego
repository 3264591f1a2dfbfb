package qcheck.evidence.application_without_instance_test

import rego.v1

import data.qcheck.evidence.application_without_instance

application(instance_arn) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "alpha-us",
	"kind": "q_developer",
	"region": "us-east-1",
	"instance_arn": instance_arn,
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
}

test_application_without_instance_is_reported if {
	results := application_without_instance.deny with input as {"applications": [application(null)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
	startswith(result.message, "Q Developer profile \"alpha-us\"")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
	]
}

test_application_with_instance_is_allowed if {
	count(application_without_instance.deny) == 0 with input as {"applications": [application("arn:aws:sso:::instance/ssoins-1")]}
}
