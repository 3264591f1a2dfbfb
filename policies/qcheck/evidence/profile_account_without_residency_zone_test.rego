package qcheck.evidence.profile_account_without_residency_zone_test

import rego.v1

import data.qcheck.evidence.profile_account_without_residency_zone

reference := {
	"zones": {"EU": ["eu-central-1"], "US": ["us-east-1"]},
	"region_zones": {"eu-central-1": ["EU"], "us-east-1": ["US"]},
}

app_arn := "arn:aws:sso::333333333333:application/ssoins-1/apl-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/333333333333"

profile(zones) := {
	"arn": app_arn,
	"name": "bravo",
	"kind": "q_developer",
	"aws_managed": true,
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"origin": "observed",
	"created_from": "us-east-1",
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"instance_type": "organization",
	"instance_home_region": "us-east-1",
	"instance_regions": ["us-east-1"],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "333333333333",
	"account_arn": account_arn,
	"account_name": "bravo",
	"ou_path": "Root/Bravo",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"zones": zones,
	"allowed_regions": [r | some z in zones; some r in reference.zones[z]],
	"residency_source": null,
}

message(region_text, ou) := sprintf(
	"Q Developer profile \"bravo\" in %s belongs to account 333333333333 (%s), which has no residency zone in qcheck.yaml, so its residency cannot be judged",
	[region_text, ou],
)

test_profile_without_zone_is_reported if {
	results := profile_account_without_residency_zone.deny with input as {"applications": [profile([])], "reference": reference}
	results == {{
		"resource": app_arn,
		"message": message("us-east-1 (declared)", "Root/Bravo"),
		"evidence": [app_arn, account_arn],
	}}
}

test_unknown_ou_path_is_described if {
	app := object.union(profile([]), {"ou_path": ""})
	results := profile_account_without_residency_zone.deny with input as {"applications": [app], "reference": reference}
	{r.message | some r in results} == {message("us-east-1 (declared)", "OU unknown")}
}

test_missing_ou_path_is_described if {
	app := object.union(profile([]), {"ou_path": null})
	results := profile_account_without_residency_zone.deny with input as {"applications": [app], "reference": reference}
	{r.message | some r in results} == {message("us-east-1 (declared)", "OU unknown")}
}

test_profile_with_unknown_region_is_still_reported if {
	# The missing zone is about the account, so it is reported whatever the profile's Region.
	app := object.union(profile([]), {"region": null, "region_source": null, "region_text": "an undeclared Region"})
	results := profile_account_without_residency_zone.deny with input as {"applications": [app], "reference": reference}
	{r.message | some r in results} == {message("an undeclared Region", "Root/Bravo")}
}

test_profile_with_zone_is_allowed if {
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [profile(["US"])], "reference": reference}
}

test_no_residency_configured_is_not_judged if {
	no_zones := {"zones": {}, "region_zones": {}}
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [profile([])], "reference": no_zones}
}

test_other_applications_are_not_judged if {
	app := object.union(profile([]), {"kind": "kiro"})
	count(profile_account_without_residency_zone.deny) == 0 with input as {"applications": [app], "reference": reference}
}
