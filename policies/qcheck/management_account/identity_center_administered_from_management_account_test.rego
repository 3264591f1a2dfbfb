package qcheck.management_account.identity_center_administered_from_management_account_test

import rego.v1

import data.qcheck.management_account.identity_center_administered_from_management_account

instance(arn, type, owner_id) := {
	"arn": arn,
	"name": sprintf("%s instance", [type]),
	"type": type,
	"status": "ACTIVE",
	"home_region": "us-east-1",
	"regions": ["us-east-1"],
	"identity_store_id": "d-0000000001",
	"owner_account_id": owner_id,
	"owner_account_arn": sprintf("arn:aws:organizations::111111111111:account/o-abc/%s", [owner_id]),
	"owner_is_management": owner_id == "111111111111",
	"applications_known": true,
	"justification": null,
}

org_instance := instance("arn:aws:sso:::instance/ssoins-org", "organization", "111111111111")

account_instance := instance("arn:aws:sso:::instance/ssoins-charlie", "account", "444444444444")

# Only the fields this rule reads vary; the rest follow the v2 application fact.
app(n, instance_arn) := {
	"arn": sprintf("arn:aws:sso::111111111111:application/ssoins-org/apl-%d", [n]),
	"name": sprintf("app-%d", [n]),
	"kind": "q_developer",
	"aws_managed": true,
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": instance_arn,
	"instance_regions": ["us-east-1"],
	"account_id": "111111111111",
	"in_management_account": true,
	"in_delegated_admin_account": false,
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

test_applications_without_delegated_admin_are_denied if {
	apps := [app(n, "arn:aws:sso:::instance/ssoins-org") | some n in numbers.range(1, 7)]
	results := identity_center_administered_from_management_account.deny with input as {
		"identity_center": identity_center([]),
		"instances": [org_instance, account_instance],
		"applications": array.concat(apps, [app(9, "arn:aws:sso:::instance/ssoins-charlie")]),
	}
	results == {{
		"resource": "arn:aws:sso:::instance/ssoins-org",
		"message": "IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so its 7 applications are administered from the management account 111111111111",
		"evidence": [
			"arn:aws:sso:::instance/ssoins-org",
			"arn:aws:sso::111111111111:application/ssoins-org/apl-1",
			"arn:aws:sso::111111111111:application/ssoins-org/apl-2",
			"arn:aws:sso::111111111111:application/ssoins-org/apl-3",
			"arn:aws:sso::111111111111:application/ssoins-org/apl-4",
			"arn:aws:sso::111111111111:application/ssoins-org/apl-5",
		],
	}}
}

test_single_application_message if {
	results := identity_center_administered_from_management_account.deny with input as {
		"identity_center": identity_center([]),
		"instances": [org_instance],
		"applications": [app(1, "arn:aws:sso:::instance/ssoins-org")],
	}
	{r.message | some r in results} == {"IAM Identity Center organization instance arn:aws:sso:::instance/ssoins-org has no delegated administrator, so its 1 application is administered from the management account 111111111111"}
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

test_unknown_delegated_admins_are_not_judged if {
	ic := object.union(identity_center([]), {"delegated_admins_known": false})
	count(identity_center_administered_from_management_account.deny) == 0 with input as {
		"identity_center": ic,
		"instances": [org_instance],
		"applications": [app(1, "arn:aws:sso:::instance/ssoins-org")],
	}
}
