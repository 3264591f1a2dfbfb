package qcheck.management_account.permission_set_provisioned_to_management_account_test

import rego.v1

import data.qcheck.management_account.permission_set_provisioned_to_management_account as rule

ps_arn := "arn:aws:sso:::permissionSet/ssoins-1/ps-admins"

mgmt_arn := "arn:aws:organizations::111111111111:account/o-abc/111111111111"

permission_set(in_management) := {
	"arn": ps_arn,
	"name": "IdcAdmins",
	"provisioned_account_ids": ["111111111111"],
	"provisioned_to_management": in_management,
}

doc(sets) := {
	"organization": {"management_account_id": "111111111111"},
	"accounts": [{"arn": mgmt_arn, "id": "111111111111", "is_management": true}],
	"permission_sets": sets,
}

test_permission_set_in_management_account_is_denied if {
	found := rule.deny with input as doc([permission_set(true)])
	found == {{
		"resource": ps_arn,
		"message": "Permission set \"IdcAdmins\" is provisioned to the management account 111111111111",
		"evidence": [ps_arn, mgmt_arn],
	}}
}

test_permission_set_in_member_accounts_passes if {
	found := rule.deny with input as doc([permission_set(false)])
	count(found) == 0
}

test_management_account_missing_from_the_tree_leaves_it_out_of_the_evidence if {
	found := rule.deny with input as object.union(doc([permission_set(true)]), {"accounts": []})
	[v.evidence | some v in found] == [[ps_arn]]
}
