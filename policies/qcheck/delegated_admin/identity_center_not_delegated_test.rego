package qcheck.delegated_admin.identity_center_not_delegated_test

import rego.v1

import data.qcheck.delegated_admin.identity_center_not_delegated

organization := {
	"arn": "arn:aws:organizations::111111111111:organization/o-abc",
	"id": "o-abc",
	"management_account_id": "111111111111",
}

identity_center(delegated) := {
	"delegated_admin_account_ids": delegated,
	"approved_delegated_admin_account_id": null,
	"approved_delegated_admin_ou_paths": [],
	"organization_instance_arns": ["arn:aws:sso:::instance/ssoins-org"],
}

test_no_delegated_admin_is_denied if {
	results := identity_center_not_delegated.deny with input as {
		"organization": organization,
		"identity_center": identity_center([]),
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-org"
	result.evidence == ["arn:aws:sso:::instance/ssoins-org", "arn:aws:organizations::111111111111:organization/o-abc"]
	contains(result.message, "111111111111")
}

test_delegated_admin_is_allowed if {
	count(identity_center_not_delegated.deny) == 0 with input as {
		"organization": organization,
		"identity_center": identity_center(["222222222222"]),
	}
}

test_no_organization_is_not_judged if {
	count(identity_center_not_delegated.deny) == 0 with input as {
		"organization": null,
		"identity_center": identity_center([]),
	}
}

test_no_organization_instance_is_not_judged if {
	ic := object.union(identity_center([]), {"organization_instance_arns": []})
	count(identity_center_not_delegated.deny) == 0 with input as {"organization": organization, "identity_center": ic}
}
