package qcheck.residency.profile_region_not_offered_test

import rego.v1

import data.qcheck.residency.profile_region_not_offered

reference := {"q_developer_regions": ["eu-central-1", "us-east-1"]}

profile(region) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "alpha-tokyo",
	"kind": "q_developer",
	"region": region,
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
}

test_profile_in_unsupported_region_is_denied if {
	results := profile_region_not_offered.deny with input as {
		"applications": [profile("ap-northeast-1")],
		"reference": reference,
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
	contains(result.message, "ap-northeast-1")
	contains(result.message, "eu-central-1, us-east-1")
}

test_profile_in_supported_region_is_allowed if {
	count(profile_region_not_offered.deny) == 0 with input as {
		"applications": [profile("eu-central-1")],
		"reference": reference,
	}
}

test_other_applications_are_not_judged if {
	app := object.union(profile("ap-northeast-1"), {"kind": "q_business"})
	count(profile_region_not_offered.deny) == 0 with input as {"applications": [app], "reference": reference}
}
