package qcheck.delegated_admin.delegated_admin_outside_approved_ou_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_outside_approved_ou
import data.qcheck.lib.fixtures

account_arn := fixtures.account_arn("222222222222")

root := fixtures.root_arn

infrastructure := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-infra001"

identity := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-ident001"

workloads := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-work0001"

security := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-secu0001"

# A root-level OU whose name contains "/": its path text reads like a child of Infrastructure.
shadow := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-shadow01"

# ou_arns lists the account's ancestors from the root down, as the facts layer derives them.
account(path, ancestors) := fixtures.account({
	"id": "222222222222",
	"is_idc_delegated_admin": true,
	"delegated_admin_services": ["sso.amazonaws.com"],
	"ou_path": path,
	"ou_arns": ancestors,
})

identity_center(arns, paths) := fixtures.identity_center({
	"delegated_admin_account_ids": ["222222222222"],
	"approved_delegated_admin_ou_arns": arns,
	"approved_delegated_admin_ou_paths": paths,
})

approved_infrastructure := identity_center([infrastructure], ["Root/Infrastructure"])

# The facts layer lists each delegated administrator with its place in the tree.
run(accounts, ic) := results if {
	results := delegated_admin_outside_approved_ou.deny with input as fixtures.document({
		"accounts": accounts,
		"identity_center": object.union(ic, {"delegated_admin_accounts": [fixtures.delegated_admin(a) | some a in accounts]}),
	})
}

test_account_outside_approved_ou_is_denied if {
	results := run([account("Root/Workloads", [root, workloads])], approved_infrastructure)
	results == {{
		"resource": account_arn,
		"message": "IAM Identity Center delegated administrator account 222222222222 is in OU path \"Root/Workloads\", outside the approved OUs Root/Infrastructure",
		"evidence": [account_arn, root, workloads],
	}}
}

test_account_in_approved_ou_is_allowed if {
	ic := identity_center([security, infrastructure], ["Root/Security", "Root/Infrastructure"])
	count(run([account("Root/Infrastructure", [root, infrastructure])], ic)) == 0
}

test_account_nested_below_approved_ou_is_allowed if {
	count(run([account("Root/Infrastructure/Identity", [root, infrastructure, identity])], approved_infrastructure)) == 0
}

test_ou_named_with_a_slash_is_outside if {
	# The OU "Infrastructure/Shadow" sits at the root: its path text starts with the approved
	# path, but it is a different OU, so the account is outside.
	results := run([account("Root/Infrastructure/Shadow", [root, shadow])], approved_infrastructure)
	results == {{
		"resource": account_arn,
		"message": "IAM Identity Center delegated administrator account 222222222222 is in OU path \"Root/Infrastructure/Shadow\", outside the approved OUs Root/Infrastructure",
		"evidence": [account_arn, root, shadow],
	}}
}

test_sibling_with_common_prefix_is_denied if {
	sibling := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-legacy01"
	count(run([account("Root/InfrastructureLegacy", [root, sibling])], approved_infrastructure)) == 1
}

test_account_outside_the_tree_is_not_judged if {
	outside := object.union(account("", []), {"in_organization": false})
	count(run([outside], approved_infrastructure)) == 0
}

test_unlisted_account_is_not_judged if {
	count(run([], approved_infrastructure)) == 0
}

test_no_approved_ous_is_not_judged if {
	count(run([account("Root/Workloads", [root, workloads])], identity_center([], []))) == 0
}

test_unknown_delegated_admins_are_not_judged if {
	ic := object.union(approved_infrastructure, {"delegated_admins_known": false})
	count(run([account("Root/Workloads", [root, workloads])], ic)) == 0
}

# An approved OU that is not in the tree (possible only when the tree could not be listed
# whole: otherwise the config is refused) leaves membership unknown.
test_unresolved_approved_ous_are_not_judged if {
	ic := object.union(identity_center([], ["Root/Infrastructure"]), {"approved_delegated_admin_ous_known": false})
	count(run([account("Root/Infrastructure", [root, infrastructure])], ic)) == 0
}
