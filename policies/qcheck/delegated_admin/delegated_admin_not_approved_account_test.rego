package qcheck.delegated_admin.delegated_admin_not_approved_account_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_not_approved_account

account_arn(id) := sprintf("arn:aws:organizations::111111111111:account/o-abc/%s", [id])

account(id) := {
	"arn": account_arn(id),
	"id": id,
	"name": sprintf("account-%s", [id]),
	"status": "ACTIVE",
	"active": true,
	"in_organization": true,
	"is_management": false,
	"is_idc_delegated_admin": false,
	"delegated_admin_known": true,
	"delegated_admin_services": [],
	"ou_arns": ["arn:aws:organizations::111111111111:root/o-abc/r-abcd"],
	"ou_path": "Root",
}

accounts := [account("222222222222"), account("333333333333")]

identity_center(delegated, approved) := {
	"delegated_admin_account_ids": delegated,
	"delegated_admins_known": true,
	"instances_known": true,
	"approved_delegated_admin_account_id": approved,
	"approved_delegated_admin_ou_arns": [],
	"approved_delegated_admin_ou_paths": [],
	"organization_instance_arns": ["arn:aws:sso:::instance/ssoins-org"],
}

message(id) := sprintf(
	"Account %s is registered as IAM Identity Center delegated administrator, but qcheck.yaml approves only account 222222222222",
	[id],
)

test_unapproved_account_is_denied if {
	results := delegated_admin_not_approved_account.deny with input as {
		"accounts": accounts,
		"identity_center": identity_center(["333333333333"], "222222222222"),
	}
	results == {{
		"resource": account_arn("333333333333"),
		"message": message("333333333333"),
		"evidence": [account_arn("333333333333")],
	}}
}

test_unlisted_account_falls_back_to_id if {
	results := delegated_admin_not_approved_account.deny with input as {
		"accounts": accounts,
		"identity_center": identity_center(["444444444444"], "222222222222"),
	}
	results == {{
		"resource": "444444444444",
		"message": message("444444444444"),
		"evidence": ["444444444444"],
	}}
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

test_unknown_delegated_admins_are_not_judged if {
	ic := object.union(identity_center([], "222222222222"), {"delegated_admins_known": false})
	count(delegated_admin_not_approved_account.deny) == 0 with input as {"accounts": accounts, "identity_center": ic}
}
