# METADATA
# title: Q Developer profile served by an Identity Center instance in another residency zone
# description: >-
#   Amazon Q Developer keeps a profile's content in the profile's Region, but it stores the
#   subscriptions of Identity Center workforce users in the home Region of the IAM Identity
#   Center instance, which also holds the users, groups and assignments. When the profile's
#   Region and the instance's home Region belong to no common residency zone, part of the
#   profile's data (who is subscribed, and their identities) lives outside the profile's zone.
#   Judged only when residency zones are configured in qcheck.yaml.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/q-admin-setup-subscribe-regions.html
#     description: Amazon Q Developer Pro Region support (where subscriptions and profile data are stored)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/regions.html
#     description: IAM Identity Center Region availability and Region data
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC105
#   name: IdentityCenterHomeRegionCrossesZone
#   severity: medium
#   config_keys:
#     - residency.zones
#   recommended_actions:
#     - Serve the profile from an IAM Identity Center instance whose home Region is in the same residency zone.
#     - Or add the Identity Center home Region to a zone shared with the profile's Region in `residency.zones` in qcheck.yaml if that is acceptable for your residency rules.
package qcheck.residency.identity_center_home_region_crosses_zone

import rego.v1

deny contains violation if {
	count(input.reference.zones) > 0
	some app in input.applications
	app.kind == "q_developer"
	home := app.instance_home_region
	home != null
	app.region != home
	app_zones := object.get(input.reference.region_zones, app.region, [])
	home_zones := object.get(input.reference.region_zones, home, [])
	count({z | some z in app_zones; z in home_zones}) == 0
	violation := {
		"resource": app.arn,
		"message": sprintf(
			"Q Developer profile %q in account %s is in %s (zones %s) but its IAM Identity Center instance has home Region %s (zones %s), which shares no residency zone with it",
			[app.name, app.account_id, app.region, zone_text(app_zones), home, zone_text(home_zones)],
		),
		"evidence": [x | some x in [app.arn, app.instance_arn, app.account_arn]; x != null],
	}
}

zone_text(zones) := "none" if count(zones) == 0

zone_text(zones) := concat(", ", sort(zones)) if count(zones) > 0
