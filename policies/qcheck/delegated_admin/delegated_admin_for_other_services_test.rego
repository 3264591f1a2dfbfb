package qcheck.delegated_admin.delegated_admin_for_other_services_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_for_other_services

account(is_idc_admin, services) := {
	"arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"id": "222222222222",
	"name": "identity",
	"is_idc_delegated_admin": is_idc_admin,
	"delegated_admin_services": services,
}

test_extra_services_are_denied if {
	results := delegated_admin_for_other_services.deny with input as {"accounts": [account(
		true,
		["sso.amazonaws.com", "securityhub.amazonaws.com", "guardduty.amazonaws.com"],
	)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:organizations::111111111111:account/o-abc/222222222222"
	contains(result.message, "guardduty.amazonaws.com, securityhub.amazonaws.com")
	not contains(result.message, "sso.amazonaws.com")
	result.evidence == ["arn:aws:organizations::111111111111:account/o-abc/222222222222"]
}

test_dedicated_account_is_allowed if {
	count(delegated_admin_for_other_services.deny) == 0 with input as {"accounts": [account(true, ["sso.amazonaws.com"])]}
}

test_other_delegated_admins_are_not_judged if {
	count(delegated_admin_for_other_services.deny) == 0 with input as {"accounts": [account(false, ["guardduty.amazonaws.com"])]}
}
