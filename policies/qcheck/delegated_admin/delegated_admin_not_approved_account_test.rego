package qcheck.delegated_admin.delegated_admin_not_approved_account_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_not_approved_account

accounts := [
	{"arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222", "id": "222222222222"},
	{"arn": "arn:aws:organizations::111111111111:account/o-abc/333333333333", "id": "333333333333"},
]

identity_center(delegated, approved) := {
	"delegated_admin_account_ids": delegated,
	"approved_delegated_admin_account_id": approved,
	"approved_delegated_admin_ou_paths": [],
	"organization_instance_arns": ["arn:aws:sso:::instance/ssoins-org"],
}

test_unapproved_account_is_denied if {
	results := delegated_admin_not_approved_account.deny with input as {
		"accounts": accounts,
		"identity_center": identity_center(["333333333333"], "222222222222"),
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:organizations::111111111111:account/o-abc/333333333333"
	result.evidence == ["arn:aws:organizations::111111111111:account/o-abc/333333333333"]
	contains(result.message, "222222222222")
}

test_unlisted_account_falls_back_to_id if {
	results := delegated_admin_not_approved_account.deny with input as {
		"accounts": accounts,
		"identity_center": identity_center(["444444444444"], "222222222222"),
	}
	count(results) == 1
	some result in results
	result.resource == "444444444444"
	result.evidence == ["444444444444"]
}

test_approved_account_is_allowed if {
	count(delegated_admin_not_approved_account.deny) == 0 with input as {
		"accounts": accounts,
		"identity_center": identity_center(["222222222222"], "222222222222"),
	}
}

test_no_approval_configured_is_not_judged if {
	count(delegated_admin_not_approved_account.deny) == 0 with input as {
		"accounts": accounts,
		"identity_center": identity_center(["333333333333"], null),
	}
}
