package qcheck.residency.identity_center_home_region_crosses_zone_test

import rego.v1

import data.qcheck.residency.identity_center_home_region_crosses_zone

reference := {
	"zones": {"EU": ["eu-central-1", "eu-west-1"], "US": ["us-east-1"]},
	"region_zones": {"eu-central-1": ["EU"], "eu-west-1": ["EU"], "us-east-1": ["US"]},
}

profile(region, home) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "alpha-eu",
	"kind": "q_developer",
	"region": region,
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"instance_home_region": home,
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
}

test_home_region_in_other_zone_is_denied if {
	results := identity_center_home_region_crosses_zone.deny with input as {
		"applications": [profile("eu-central-1", "us-east-1")],
		"reference": reference,
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
	contains(result.message, "eu-central-1 (zones EU)")
	contains(result.message, "us-east-1 (zones US)")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:sso:::instance/ssoins-1",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
	]
}

test_home_region_in_same_zone_is_allowed if {
	count(identity_center_home_region_crosses_zone.deny) == 0 with input as {
		"applications": [profile("eu-central-1", "eu-west-1")],
		"reference": reference,
	}
}

test_same_region_is_allowed if {
	count(identity_center_home_region_crosses_zone.deny) == 0 with input as {
		"applications": [profile("ap-south-1", "ap-south-1")],
		"reference": reference,
	}
}

test_home_region_without_zone_is_denied if {
	results := identity_center_home_region_crosses_zone.deny with input as {
		"applications": [profile("eu-central-1", "ap-northeast-1")],
		"reference": reference,
	}
	count(results) == 1
	some result in results
	contains(result.message, "ap-northeast-1 (zones none)")
}

test_unknown_home_region_is_not_judged if {
	count(identity_center_home_region_crosses_zone.deny) == 0 with input as {
		"applications": [profile("eu-central-1", null)],
		"reference": reference,
	}
}

test_no_residency_configured_is_not_judged if {
	count(identity_center_home_region_crosses_zone.deny) == 0 with input as {
		"applications": [profile("eu-central-1", "us-east-1")],
		"reference": {"zones": {}, "region_zones": {}},
	}
}
