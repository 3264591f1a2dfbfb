package qcheck.delegated_admin.identity_center_not_delegated_test

import rego.v1

import data.qcheck.delegated_admin.identity_center_not_delegated

organization := {
	"arn": "arn:aws:organizations::111111111111:organization/o-abc",
	"id": "o-abc",
	"management_account_id": "111111111111",
	"feature_set": "ALL",
	"trusted_services": ["sso.amazonaws.com"],
}

identity_center(delegated) := {
	"delegated_admin_account_ids": delegated,
	"delegated_admins_known": true,
	"instances_known": true,
	"approved_delegated_admin_account_id": null,
	"approved_delegated_admin_ou_arns": [],
	"approved_delegated_admin_ou_paths": [],
	"organization_instance_arns": ["arn:aws:sso:::instance/ssoins-org"],
}

test_no_delegated_admin_is_denied if {
	results := identity_center_not_delegated.deny with input as {
		"organization": organization,
		"identity_center": identity_center([]),
	}
	results == {{
		"resource": "arn:aws:sso:::instance/ssoins-org",
		"message": "IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so it can only be administered from the management account 111111111111",
		"evidence": ["arn:aws:sso:::instance/ssoins-org", "arn:aws:organizations::111111111111:organization/o-abc"],
	}}
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

test_unknown_delegated_admins_are_not_judged if {
	ic := object.union(identity_center([]), {"delegated_admins_known": false})
	count(identity_center_not_delegated.deny) == 0 with input as {"organization": organization, "identity_center": ic}
}
