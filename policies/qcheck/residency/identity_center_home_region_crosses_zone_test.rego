package qcheck.residency.identity_center_home_region_crosses_zone_test

import rego.v1

import data.qcheck.residency.identity_center_home_region_crosses_zone

app_arn := "arn:aws:sso::222222222222:application/ssoins-1/apl-1"

instance_arn := "arn:aws:sso:::instance/ssoins-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

placement := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-alpha001"

reference := {
	"zones": {"EU": ["eu-central-1", "eu-west-1"], "US": ["us-east-1"]},
	"region_zones": {"eu-central-1": ["EU"], "eu-west-1": ["EU"], "us-east-1": ["US"]},
}

# A profile whose account is allowed the given zones, served by an instance enabled in
# instance_regions (its home Region first).
profile(region, zones, instance_regions) := {
	"arn": app_arn,
	"name": "alpha-eu",
	"kind": "q_developer",
	"aws_managed": true,
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"origin": "observed",
	"created_from": instance_regions[0],
	"region": region,
	"region_source": source(region),
	"region_text": region_text(region),
	"instance_arn": instance_arn,
	"instance_type": "organization",
	"instance_home_region": instance_regions[0],
	"instance_regions": instance_regions,
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "222222222222",
	"account_arn": account_arn,
	"account_name": "alpha-dev",
	"ou_path": "Root/Alpha",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"zones": zones,
	"allowed_regions": sort([r | some z in zones; some r in reference.zones[z]]),
	"residency_source": placement,
}

source(null) := null

source(region) := "declared" if region != null

region_text(null) := "an undeclared Region"

region_text(region) := sprintf("%s (declared)", [region]) if region != null

run(apps) := results if {
	results := identity_center_home_region_crosses_zone.deny with input as {"applications": apps, "reference": reference}
}

violation(zones_text, regions, outside) := {
	"resource": app_arn,
	"message": sprintf(
		"Q Developer profile \"alpha-eu\" in account 222222222222 (zones %s) is served by IAM Identity Center instance %s, which stores its users' identity data and subscriptions in %s, outside those zones",
		[zones_text, instance_arn, outside],
	),
	"evidence": [app_arn, instance_arn, account_arn, placement],
	"properties": {"identity_data_regions": regions},
}

test_home_region_outside_the_accounts_zones_is_denied if {
	run([profile("eu-central-1", ["EU"], ["us-east-1"])]) == {violation("EU", "us-east-1", "us-east-1")}
}

test_home_region_inside_another_allowed_zone_is_allowed if {
	# The seed's Alpha: allowed US and EU, EU profile on a us-east-1 instance.
	count(run([profile("eu-central-1", ["US", "EU"], ["us-east-1"])])) == 0
}

test_home_region_in_same_zone_is_allowed if {
	count(run([profile("eu-central-1", ["EU"], ["eu-west-1"])])) == 0
}

test_home_region_without_zone_is_denied if {
	run([profile("eu-central-1", ["EU"], ["ap-northeast-1"])]) == {violation("EU", "ap-northeast-1", "ap-northeast-1")}
}

test_replica_region_outside_zone_is_denied if {
	results := run([profile("eu-central-1", ["EU"], ["eu-central-1", "eu-west-1", "us-east-1"])])
	results == {violation("EU", "eu-central-1, eu-west-1, us-east-1", "us-east-1")}
}

test_several_regions_outside_are_listed_sorted if {
	results := run([profile("eu-central-1", ["EU"], ["us-east-1", "eu-central-1", "ap-northeast-1"])])
	results == {violation("EU", "us-east-1, eu-central-1, ap-northeast-1", "ap-northeast-1, us-east-1")}
}

test_all_regions_inside_zone_are_allowed if {
	count(run([profile("eu-central-1", ["EU"], ["eu-central-1", "eu-west-1"])])) == 0
}

test_profile_region_is_irrelevant if {
	# QC101 judges the profile's own Region; here only the instance's Regions count.
	count(run([profile("us-east-1", ["EU"], ["eu-central-1", "eu-west-1"])])) == 0
	count(run([profile(null, ["EU"], ["eu-central-1", "eu-west-1"])])) == 0
	run([profile(null, ["EU"], ["eu-central-1", "us-east-1"])]) == {violation("EU", "eu-central-1, us-east-1", "us-east-1")}
	run([profile("eu-central-1", ["EU"], ["eu-central-1", "us-east-1"])]) == {violation("EU", "eu-central-1, us-east-1", "us-east-1")}
}

test_profile_without_instance_is_not_judged if {
	app := object.union(profile("eu-central-1", ["EU"], ["us-east-1"]), {"instance_arn": null})
	count(run([app])) == 0
}

test_account_without_zone_is_not_judged if {
	count(run([profile("eu-central-1", [], ["us-east-1"])])) == 0
}

test_other_applications_are_not_judged if {
	app := object.union(profile("eu-central-1", ["EU"], ["us-east-1"]), {"kind": "q_business"})
	count(run([app])) == 0
}
