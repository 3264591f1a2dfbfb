package qcheck.residency.profile_outside_zone_test

import rego.v1

import data.qcheck.residency.profile_outside_zone

profile(region) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "alpha-us",
	"kind": "q_developer",
	"region": region,
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"ou_path": "Root/Alpha",
	"zones": ["EU"],
	"allowed_regions": ["eu-central-1"],
	"residency_source": "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
}

test_profile_outside_zone_is_denied if {
	results := profile_outside_zone.deny with input as {"applications": [profile("us-east-1")]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
}

test_profile_inside_zone_is_allowed if {
	count(profile_outside_zone.deny) == 0 with input as {"applications": [profile("eu-central-1")]}
}

test_account_without_zone_is_not_judged if {
	app := object.union(profile("us-east-1"), {"zones": [], "allowed_regions": []})
	count(profile_outside_zone.deny) == 0 with input as {"applications": [app]}
}

test_other_applications_are_not_judged if {
	app := object.union(profile("us-east-1"), {"kind": "q_business"})
	count(profile_outside_zone.deny) == 0 with input as {"applications": [app]}
}
