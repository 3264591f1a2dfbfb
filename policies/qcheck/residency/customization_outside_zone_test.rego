package qcheck.residency.customization_outside_zone_test

import rego.v1

import data.qcheck.residency.customization_outside_zone

customization(region) := {
	"arn": sprintf("arn:aws:codewhisperer:%s:222222222222:customization/c-1", [region]),
	"name": "alpha-java",
	"region": region,
	"profile_arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"ou_path": "Root/Alpha",
	"zones": ["EU"],
	"allowed_regions": ["eu-central-1"],
	"residency_source": "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
	"account_name": "alpha-dev",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"origin": "declared",
	"profile_found": true,
	"profile_region": region,
	"data_source": {"type": "codeconnections", "region": region, "location": "alpha/java-services"},
}

test_customization_outside_zone_is_denied if {
	results := customization_outside_zone.deny with input as {"customizations": [customization("us-east-1")]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1"
	contains(result.message, "us-east-1")
	contains(result.message, "EU")
	result.evidence == [
		"arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
		"arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
	]
}

test_customization_inside_zone_is_allowed if {
	count(customization_outside_zone.deny) == 0 with input as {"customizations": [customization("eu-central-1")]}
}

test_account_without_zone_is_not_judged if {
	c := object.union(customization("us-east-1"), {"zones": [], "allowed_regions": [], "residency_source": null})
	count(customization_outside_zone.deny) == 0 with input as {"customizations": [c]}
}

test_null_evidence_is_dropped if {
	c := object.union(customization("us-east-1"), {"profile_arn": null, "residency_source": null})
	results := customization_outside_zone.deny with input as {"customizations": [c]}
	some result in results
	result.evidence == [
		"arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
	]
}
