package qcheck.management_account.q_developer_profile_in_management_account_test

import rego.v1

import data.qcheck.management_account.q_developer_profile_in_management_account

profile(kind, in_management) := {
	"arn": "arn:aws:sso::111111111111:application/ssoins-1/apl-1",
	"name": "alpha-us",
	"kind": kind,
	"region": "us-east-1",
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"account_id": "111111111111",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/111111111111",
	"in_management_account": in_management,
}

test_profile_in_management_account_is_denied if {
	results := q_developer_profile_in_management_account.deny with input as {"applications": [profile("q_developer", true)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-1"
	contains(result.message, "management account 111111111111")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-1",
		"arn:aws:organizations::111111111111:account/o-abc/111111111111",
		"arn:aws:sso:::instance/ssoins-1",
	]
}

test_profile_in_member_account_is_allowed if {
	count(q_developer_profile_in_management_account.deny) == 0 with input as {"applications": [profile("q_developer", false)]}
}

test_other_application_is_left_to_qc402 if {
	count(q_developer_profile_in_management_account.deny) == 0 with input as {"applications": [profile("q_business", true)]}
}
