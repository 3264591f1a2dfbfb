package qcheck.delegated_admin.delegated_admin_outside_approved_ou_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_outside_approved_ou

account(path) := {
	"arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"id": "222222222222",
	"ou_path": path,
	"ou_arns": ["arn:aws:organizations::111111111111:root/o-abc/r-root", "arn:aws:organizations::111111111111:ou/o-abc/ou-x"],
}

identity_center(paths) := {
	"delegated_admin_account_ids": ["222222222222"],
	"approved_delegated_admin_account_id": null,
	"approved_delegated_admin_ou_paths": paths,
	"organization_instance_arns": [],
}

test_account_outside_approved_ou_is_denied if {
	results := delegated_admin_outside_approved_ou.deny with input as {
		"accounts": [account("Root/Workloads")],
		"identity_center": identity_center(["Root/Infrastructure"]),
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:organizations::111111111111:account/o-abc/222222222222"
	contains(result.message, "\"Root/Workloads\"")
	contains(result.message, "Root/Infrastructure")
	result.evidence == [
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
		"arn:aws:organizations::111111111111:root/o-abc/r-root",
		"arn:aws:organizations::111111111111:ou/o-abc/ou-x",
	]
}

test_account_in_approved_ou_is_allowed if {
	count(delegated_admin_outside_approved_ou.deny) == 0 with input as {
		"accounts": [account("Root/Infrastructure")],
		"identity_center": identity_center(["Root/Security", "Root/Infrastructure"]),
	}
}

test_account_nested_below_approved_ou_is_allowed if {
	count(delegated_admin_outside_approved_ou.deny) == 0 with input as {
		"accounts": [account("Root/Infrastructure/Identity")],
		"identity_center": identity_center(["Root/Infrastructure/"]),
	}
}

test_sibling_with_common_prefix_is_denied if {
	count(delegated_admin_outside_approved_ou.deny) == 1 with input as {
		"accounts": [account("Root/InfrastructureLegacy")],
		"identity_center": identity_center(["Root/Infrastructure"]),
	}
}

test_unknown_ou_path_is_denied if {
	results := delegated_admin_outside_approved_ou.deny with input as {
		"accounts": [account("")],
		"identity_center": identity_center(["Root/Infrastructure"]),
	}
	count(results) == 1
	some result in results
	contains(result.message, "an unknown OU path")
}

test_unlisted_account_falls_back_to_id if {
	results := delegated_admin_outside_approved_ou.deny with input as {
		"accounts": [],
		"identity_center": identity_center(["Root/Infrastructure"]),
	}
	count(results) == 1
	some result in results
	result.resource == "222222222222"
	result.evidence == ["222222222222"]
}

test_no_approved_paths_is_not_judged if {
	count(delegated_admin_outside_approved_ou.deny) == 0 with input as {
		"accounts": [account("Root/Workloads")],
		"identity_center": identity_center([]),
	}
}
