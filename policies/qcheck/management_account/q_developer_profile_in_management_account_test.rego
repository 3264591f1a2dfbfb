package qcheck.management_account.q_developer_profile_in_management_account_test

import rego.v1

import data.qcheck.management_account.q_developer_profile_in_management_account

app_arn := "arn:aws:sso::111111111111:application/ssoins-1/apl-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/111111111111"

instance_arn := "arn:aws:sso:::instance/ssoins-1"

profile(kind, in_management) := {
	"arn": app_arn,
	"name": "alpha-us",
	"kind": kind,
	"aws_managed": true,
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"origin": "observed",
	"created_from": "us-east-1",
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": instance_arn,
	"instance_type": "organization",
	"instance_home_region": "us-east-1",
	"instance_regions": ["us-east-1"],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "111111111111",
	"account_arn": account_arn,
	"account_name": "management",
	"ou_path": "Root",
	"in_management_account": in_management,
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

run(apps) := results if {
	results := q_developer_profile_in_management_account.deny with input as {"applications": apps}
}

test_profile_in_management_account_is_denied if {
	run([profile("q_developer", true)]) == {{
		"resource": app_arn,
		"message": "Q Developer profile \"alpha-us\" in us-east-1 (declared) is in the management account 111111111111",
		"evidence": [app_arn, account_arn, instance_arn],
	}}
}

test_profile_with_unknown_region_is_still_denied if {
	# Being in the management account does not depend on the profile's Region.
	app := object.union(profile("q_developer", true), {"region": null, "region_source": null, "region_text": "an undeclared Region"})
	{r.message | some r in run([app])} == {"Q Developer profile \"alpha-us\" in an undeclared Region is in the management account 111111111111"}
}

test_profile_in_member_account_is_allowed if {
	count(run([profile("q_developer", false)])) == 0
}

test_other_application_is_left_to_qc402 if {
	count(run([profile("q_business", true)])) == 0
}
