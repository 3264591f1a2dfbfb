package qcheck.evidence.profile_account_without_residency_zone_test

import rego.v1

import data.qcheck.evidence.profile_account_without_residency_zone

reference := {"zones": {"EU": ["eu-central-1"], "US": ["us-east-1"]}}

profile(zones) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "bravo",
	"kind": "q_developer",
	"region": "us-east-1",
	"account_id": "333333333333",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/333333333333",
	"ou_path": "Root/Bravo",
	"zones": zones,
}

test_profile_without_zone_is_reported if {
	results := profile_account_without_residency_zone.deny with input as {"applications": [profile([])], "reference": reference}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
	contains(result.message, "333333333333 (Root/Bravo)")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:organizations::111111111111:account/o-abc/333333333333",
	]
}

test_unknown_ou_path_is_described if {
	app := object.union(profile([]), {"ou_path": ""})
	results := profile_account_without_residency_zone.deny with input as {"applications": [app], "reference": reference}
	some result in results
	contains(result.message, "(OU unknown)")
}

test_profile_with_zone_is_allowed if {
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [profile(["US"])], "reference": reference}
}

test_no_residency_configured_is_not_judged if {
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [profile([])], "reference": {"zones": {}}}
}

test_other_applications_are_not_judged if {
	app := object.union(profile([]), {"kind": "kiro"})
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [app], "reference": reference}
}
