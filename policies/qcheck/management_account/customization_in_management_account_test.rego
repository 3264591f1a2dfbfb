package qcheck.management_account.customization_in_management_account_test

import rego.v1

import data.qcheck.management_account.customization_in_management_account

customization(in_management) := {
	"arn": "arn:aws:codewhisperer:us-east-1:111111111111:customization/c-1",
	"name": "platform-java",
	"region": "us-east-1",
	"profile_arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"account_id": "111111111111",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/111111111111",
	"in_management_account": in_management,
	"account_name": "alpha-dev",
	"ou_path": "Root/Alpha",
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
	"origin": "declared",
	"profile_found": true,
	"profile_region": "us-east-1",
	"data_source": {"type": "codeconnections", "region": "us-east-1", "location": "alpha/java-services"},
}

test_customization_in_management_account_is_denied if {
	results := customization_in_management_account.deny with input as {"customizations": [customization(true)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:codewhisperer:us-east-1:111111111111:customization/c-1"
	contains(result.message, "platform-java")
	result.evidence == [
		"arn:aws:codewhisperer:us-east-1:111111111111:customization/c-1",
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:organizations::111111111111:account/o-abc/111111111111",
	]
}

test_customization_in_member_account_is_allowed if {
	count(customization_in_management_account.deny) == 0 with input as {"customizations": [customization(false)]}
}
