package qcheck.management_account.identity_center_administered_from_management_account_test

import rego.v1

import data.qcheck.management_account.identity_center_administered_from_management_account

org_instance := {
	"arn": "arn:aws:sso:::instance/ssoins-org",
	"type": "organization",
	"owner_account_id": "111111111111",
	"owner_is_management": true,
}

account_instance := {
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": "account",
	"owner_account_id": "444444444444",
	"owner_is_management": false,
}

app(n, instance_arn) := {
	"arn": sprintf("arn:aws:sso::111111111111:application/ssoins-org/apl-%d", [n]),
	"kind": "q_developer",
	"instance_arn": instance_arn,
}

identity_center(delegated) := {
	"delegated_admin_account_ids": delegated,
	"organization_instance_arns": ["arn:aws:sso:::instance/ssoins-org"],
}

test_applications_without_delegated_admin_are_denied if {
	apps := [app(n, "arn:aws:sso:::instance/ssoins-org") | some n in numbers.range(1, 7)]
	results := identity_center_administered_from_management_account.deny with input as {
		"identity_center": identity_center([]),
		"instances": [org_instance, account_instance],
		"applications": array.concat(apps, [app(9, "arn:aws:sso:::instance/ssoins-charlie")]),
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-org"
	contains(result.message, "its 7 applications are administered from the management account 111111111111")
	result.evidence == [
		"arn:aws:sso:::instance/ssoins-org",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-1",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-2",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-3",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-4",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-5",
	]
}

test_single_application_message if {
	results := identity_center_administered_from_management_account.deny with input as {
		"identity_center": identity_center([]),
		"instances": [org_instance],
		"applications": [app(1, "arn:aws:sso:::instance/ssoins-org")],
	}
	some result in results
	contains(result.message, "its 1 application is administered")
}

test_delegated_admin_is_allowed if {
	count(identity_center_administered_from_management_account.deny) == 0 with input as {
		"identity_center": identity_center(["222222222222"]),
		"instances": [org_instance],
		"applications": [app(1, "arn:aws:sso:::instance/ssoins-org")],
	}
}

test_instance_without_applications_is_left_to_qc201 if {
	count(identity_center_administered_from_management_account.deny) == 0 with input as {
		"identity_center": identity_center([]),
		"instances": [org_instance, account_instance],
		"applications": [app(1, "arn:aws:sso:::instance/ssoins-charlie")],
	}
}
