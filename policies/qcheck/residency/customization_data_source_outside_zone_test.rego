package qcheck.residency.customization_data_source_outside_zone_test

import rego.v1

import data.qcheck.residency.customization_data_source_outside_zone

customization(source_region) := {
	"arn": "arn:aws:codewhisperer:eu-central-1:222222222222:customization/c-1",
	"name": "alpha-java",
	"region": "eu-central-1",
	"data_source": {"type": "s3", "region": source_region, "location": "s3://alpha-code/java/"},
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"ou_path": "Root/Alpha",
	"zones": ["EU"],
	"allowed_regions": ["eu-central-1", "eu-west-1"],
	"residency_source": "arn:aws:organizations::111111111111:ou/o-abc/ou-alpha",
	"account_name": "alpha-dev",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"origin": "declared",
	"profile_arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"profile_found": true,
	"profile_region": "eu-central-1",
}

test_data_source_outside_zone_is_denied if {
	results := customization_data_source_outside_zone.deny with input as {"customizations": [customization("us-east-1")]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:codewhisperer:eu-central-1:222222222222:customization/c-1"
	contains(result.message, "s3://alpha-code/java/")
	contains(result.message, "us-east-1")
	result.evidence[0] == result.resource
}

test_data_source_inside_zone_is_allowed if {
	count(customization_data_source_outside_zone.deny) == 0 with input as {"customizations": [customization("eu-west-1")]}
}

test_unknown_data_source_region_is_not_judged if {
	count(customization_data_source_outside_zone.deny) == 0 with input as {"customizations": [customization(null)]}
}

test_missing_data_source_is_not_judged if {
	c := object.union(customization("us-east-1"), {"data_source": null})
	count(customization_data_source_outside_zone.deny) == 0 with input as {"customizations": [c]}
}

test_account_without_zone_is_not_judged if {
	c := object.union(customization("us-east-1"), {"zones": [], "allowed_regions": []})
	count(customization_data_source_outside_zone.deny) == 0 with input as {"customizations": [c]}
}
