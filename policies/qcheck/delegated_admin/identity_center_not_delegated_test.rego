package qcheck.delegated_admin.identity_center_not_delegated_test

import rego.v1

import data.qcheck.delegated_admin.identity_center_not_delegated
import data.qcheck.lib.fixtures

org_instance := fixtures.org_instance_arn

not_delegated := fixtures.identity_center({"organization_instance_arns": [org_instance]})

run(overrides) := results if {
	results := identity_center_not_delegated.deny with input as fixtures.document(object.union(
		{"identity_center": not_delegated, "instances": [fixtures.instance({})]},
		overrides,
	))
}

test_no_delegated_admin_is_denied if {
	run({}) == {{
		"resource": org_instance,
		"message": "IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so it can only be administered from the management account 111111111111",
		"evidence": [org_instance, fixtures.org_arn],
	}}
}

# QC404 reports the instance when it serves applications: one finding, not two.
test_instance_serving_applications_is_left_to_qc404 if {
	count(run({"instances": [fixtures.instance({"application_arns": ["arn:aws:sso::111111111111:application/ssoins-org/apl-1"]})]})) == 0
}

# What could not be listed is not known to be served: the cause is still reported.
test_instance_with_unknown_applications_is_denied if {
	count(run({"instances": [fixtures.instance({"applications_known": false})]})) == 1
}

test_delegated_admin_is_allowed if {
	count(run({"identity_center": object.union(not_delegated, {"delegated_admin_account_ids": ["222222222222"]})})) == 0
}

test_no_organization_is_not_judged if {
	count(run({"organization": null})) == 0
}

test_no_organization_instance_is_not_judged if {
	count(run({"identity_center": object.union(not_delegated, {"organization_instance_arns": []})})) == 0
}

test_unknown_delegated_admins_are_not_judged if {
	count(run({"identity_center": object.union(not_delegated, {"delegated_admins_known": false})})) == 0
}
