package qcheck.residency.profile_outside_zone_test

import rego.v1

import data.qcheck.residency.profile_outside_zone

app_arn := "arn:aws:sso::222222222222:application/ssoins-1/apl-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

placement := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-alpha001"

profile(region) := {
	"arn": app_arn,
	"name": "alpha-us",
	"kind": "q_developer",
	"aws_managed": true,
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"origin": "observed",
	"created_from": "us-east-1",
	"region": region,
	"region_source": "declared",
	"region_text": sprintf("%s (declared)", [region]),
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"instance_type": "organization",
	"instance_home_region": "us-east-1",
	"instance_regions": ["us-east-1"],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "222222222222",
	"account_arn": account_arn,
	"account_name": "alpha-dev",
	"ou_path": "Root/Alpha",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"zones": ["EU"],
	"allowed_regions": ["eu-central-1"],
	"residency_source": placement,
}

unknown_region := object.union(profile("us-east-1"), {"region": null, "region_source": null, "region_text": "an undeclared Region"})

run(apps) := results if {
	results := profile_outside_zone.deny with input as {"applications": apps}
}

test_profile_outside_zone_is_denied if {
	run([profile("us-east-1")]) == {{
		"resource": app_arn,
		"message": "Q Developer profile \"alpha-us\" is in us-east-1 (declared), outside the zones [\"EU\"] allowed for account 222222222222 (Root/Alpha)",
		"evidence": [app_arn, account_arn, placement],
	}}
}

test_profile_inside_zone_is_allowed if {
	count(run([profile("eu-central-1")])) == 0
}

test_unknown_region_is_not_judged if {
	count(run([unknown_region])) == 0
}

test_account_without_zone_is_not_judged if {
	app := object.union(profile("us-east-1"), {"zones": [], "allowed_regions": []})
	count(run([app])) == 0
}

test_other_applications_are_not_judged if {
	app := object.union(profile("us-east-1"), {"kind": "q_business"})
	count(run([app])) == 0
}
