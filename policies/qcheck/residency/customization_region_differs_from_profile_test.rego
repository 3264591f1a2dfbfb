package qcheck.residency.customization_region_differs_from_profile_test

import rego.v1

import data.qcheck.residency.customization_region_differs_from_profile

customization(region, profile_region) := {
	"arn": "arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
	"name": "alpha-java",
	"region": region,
	"profile_arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"profile_found": true,
	"profile_region": profile_region,
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"account_name": "alpha-dev",
	"ou_path": "Root/Alpha",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
	"origin": "declared",
	"data_source": {"type": "codeconnections", "region": region, "location": "alpha/java-services"},
}

test_region_mismatch_is_denied if {
	results := customization_region_differs_from_profile.deny with input as {"customizations": [customization("us-east-1", "eu-central-1")]}
	results == {{
		"resource": "arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
		"message": "Q Developer customization \"alpha-java\" in account 222222222222 is declared in us-east-1, but its profile arn:aws:sso::111111111111:application/ssoins-1/apl-1 is in eu-central-1 (declared)",
		"evidence": [
			"arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
			"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
			"arn:aws:organizations::111111111111:account/o-abc/222222222222",
		],
	}}
}

test_same_region_is_allowed if {
	count(customization_region_differs_from_profile.deny) == 0 with input as {"customizations": [customization("us-east-1", "us-east-1")]}
}

test_unknown_profile_is_not_judged if {
	c := object.union(customization("us-east-1", null), {"profile_found": false})
	count(customization_region_differs_from_profile.deny) == 0 with input as {"customizations": [c]}
}

test_unknown_profile_region_is_not_judged if {
	# The profile exists but its Region is neither declared nor observed.
	count(customization_region_differs_from_profile.deny) == 0 with input as {"customizations": [customization("us-east-1", null)]}
}
