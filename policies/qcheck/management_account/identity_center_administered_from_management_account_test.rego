package qcheck.management_account.identity_center_administered_from_management_account_test

import rego.v1

import data.qcheck.lib.fixtures
import data.qcheck.management_account.identity_center_administered_from_management_account

org_instance := fixtures.org_instance_arn

app_arn(n) := sprintf("arn:aws:sso::111111111111:application/ssoins-org/apl-%d", [n])

serving(n) := fixtures.instance({"application_arns": [app_arn(i) | some i in numbers.range(1, n)]})

account_instance := fixtures.instance({
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": "account",
	"owner_account_id": "444444444444",
	"application_arns": [app_arn(9)],
})

run(overrides) := results if {
	results := identity_center_administered_from_management_account.deny with input as fixtures.document(object.union(
		{"identity_center": fixtures.identity_center({"organization_instance_arns": [org_instance]})},
		overrides,
	))
}

test_applications_without_delegated_admin_are_denied if {
	run({"instances": [serving(7), account_instance]}) == {{
		"resource": org_instance,
		"message": "IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so its 7 applications are administered from the management account 111111111111",
		"evidence": array.concat([org_instance], [app_arn(i) | some i in numbers.range(1, 5)]),
	}}
}

test_single_application_message if {
	{r.message | some r in run({"instances": [serving(1)]})} == {"IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so its 1 application is administered from the management account 111111111111"}
}

test_delegated_admin_is_allowed if {
	ic := fixtures.identity_center({"delegated_admin_account_ids": ["222222222222"]})
	count(run({"identity_center": ic, "instances": [serving(1)]})) == 0
}

test_instance_without_applications_is_left_to_qc201 if {
	count(run({"instances": [fixtures.instance({}), account_instance]})) == 0
}

test_unknown_delegated_admins_are_not_judged if {
	ic := fixtures.identity_center({"delegated_admins_known": false})
	count(run({"identity_center": ic, "instances": [serving(1)]})) == 0
}
