package qcheck.evidence.customization_profile_unknown_test

import rego.v1

import data.qcheck.evidence.customization_profile_unknown

customization(found) := {
	"arn": "arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
	"name": "alpha-java",
	"region": "us-east-1",
	"profile_arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-gone",
	"profile_found": found,
	"profile_region": null,
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
	"data_source": {"type": "codeconnections", "region": "us-east-1", "location": "alpha/java-services"},
}

test_unknown_profile_is_reported if {
	results := customization_profile_unknown.deny with input as {"customizations": [customization(false)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1"
	contains(result.message, "apl-gone")
	result.evidence == [
		"arn:aws:codewhisperer:us-east-1:222222222222:customization/c-1",
		"arn:aws:sso::111111111111:application/ssoins-1/apl-gone",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
	]
}

test_missing_profile_arn_is_reported if {
	c := object.union(customization(false), {"profile_arn": null})
	results := customization_profile_unknown.deny with input as {"customizations": [c]}
	some result in results
	contains(result.message, "names profile (none)")
	count(result.evidence) == 2
}

test_known_profile_is_allowed if {
	count(customization_profile_unknown.deny) == 0 with input as {"customizations": [customization(true)]}
}
