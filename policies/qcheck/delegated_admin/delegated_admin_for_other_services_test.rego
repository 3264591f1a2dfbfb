package qcheck.delegated_admin.delegated_admin_for_other_services_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_for_other_services

account(is_idc_admin, services) := {
	"arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"id": "222222222222",
	"name": "identity",
	"status": "ACTIVE",
	"active": true,
	"in_organization": true,
	"is_management": false,
	"is_idc_delegated_admin": is_idc_admin,
	"delegated_admin_known": true,
	"delegated_admin_services": services,
	"ou_arns": ["arn:aws:organizations::111111111111:root/o-abc/r-abcd"],
	"ou_path": "Root",
}

arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

test_extra_services_are_denied if {
	results := delegated_admin_for_other_services.deny with input as {"accounts": [account(
		true,
		["sso.amazonaws.com", "securityhub.amazonaws.com", "guardduty.amazonaws.com"],
	)]}
	results == {{
		"resource": arn,
		"message": "Account 222222222222 (identity), the IAM Identity Center delegated administrator, is also delegated administrator for guardduty.amazonaws.com, securityhub.amazonaws.com",
		"evidence": [arn],
	}}
}

test_dedicated_account_is_allowed if {
	count(delegated_admin_for_other_services.deny) == 0 with input as {"accounts": [account(true, ["sso.amazonaws.com"])]}
}

test_other_delegated_admins_are_not_judged if {
	count(delegated_admin_for_other_services.deny) == 0 with input as {"accounts": [account(false, ["guardduty.amazonaws.com"])]}
}

test_unknown_delegated_admin_services_are_not_judged if {
	unknown := object.union(account(true, []), {"delegated_admin_known": false})
	count(delegated_admin_for_other_services.deny) == 0 with input as {"accounts": [unknown]}
}
