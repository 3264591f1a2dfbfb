package qcheck.residency.profile_region_not_offered_test

import rego.v1

import data.qcheck.residency.profile_region_not_offered

reference := {"q_developer_regions": ["eu-central-1", "us-east-1"]}

app_arn := "arn:aws:sso::222222222222:application/ssoins-1/apl-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

profile(region) := {
	"arn": app_arn,
	"name": "alpha-tokyo",
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
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

run(apps) := results if {
	results := profile_region_not_offered.deny with input as {"applications": apps, "reference": reference}
}

test_profile_in_unsupported_region_is_denied if {
	run([profile("ap-northeast-1")]) == {{
		"resource": app_arn,
		"message": "Q Developer profile \"alpha-tokyo\" in account 222222222222 is in ap-northeast-1 (declared), which is not a Region where Q Developer profiles are offered (eu-central-1, us-east-1)",
		"evidence": [app_arn, account_arn],
	}}
}

test_profile_in_supported_region_is_allowed if {
	count(run([profile("eu-central-1")])) == 0
}

test_unknown_region_is_not_judged if {
	app := object.union(profile("ap-northeast-1"), {"region": null, "region_source": null, "region_text": "an undeclared Region"})
	count(run([app])) == 0
}

test_other_applications_are_not_judged if {
	app := object.union(profile("ap-northeast-1"), {"kind": "q_business"})
	count(run([app])) == 0
}
