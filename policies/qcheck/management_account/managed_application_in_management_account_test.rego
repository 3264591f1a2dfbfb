package qcheck.management_account.managed_application_in_management_account_test

import rego.v1

import data.qcheck.management_account.managed_application_in_management_account

application(kind, in_management) := {
	"arn": sprintf("arn:aws:sso::111111111111:application/ssoins-1/apl-%s", [kind]),
	"name": "assistant",
	"kind": kind,
	"region": "us-east-1",
	"instance_arn": null,
	"account_id": "111111111111",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/111111111111",
	"in_management_account": in_management,
}

test_business_application_in_management_account_is_denied if {
	results := managed_application_in_management_account.deny with input as {"applications": [application("q_business", true)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-q_business"
	startswith(result.message, "Amazon Q Business application \"assistant\"")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-q_business",
		"arn:aws:organizations::111111111111:account/o-abc/111111111111",
	]
}

test_other_application_in_management_account_is_denied if {
	results := managed_application_in_management_account.deny with input as {"applications": [application("other", true)]}
	count(results) == 1
	some result in results
	startswith(result.message, "Managed application")
}

test_application_in_member_account_is_allowed if {
	count(managed_application_in_management_account.deny) == 0 with input as {"applications": [application("kiro", false)]}
}

test_q_developer_profile_is_left_to_qc401 if {
	count(managed_application_in_management_account.deny) == 0 with input as {"applications": [application("q_developer", true)]}
}
