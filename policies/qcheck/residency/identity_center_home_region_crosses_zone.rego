# METADATA
# title: Q Developer subscribers' identity data stored outside the profile's residency zone
# description: >-
#   Amazon Q Developer stores the subscriptions of IAM Identity Center workforce users in the
#   Region of the Identity Center instance, which also holds those users, groups and
#   memberships; a multi-Region instance keeps them readable in every Region it is enabled in
#   (its home Region and each additional Region). Every one of those Regions therefore holds
#   identity data of the people who use a profile, and each must be inside the residency
#   zones allowed for the account that owns the profile. The profile's own Region does not
#   enter this judgment (QC101 judges it). Judged only when residency zones are configured.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/q-admin-setup-subscribe-regions.html
#     description: Amazon Q Developer Pro Region support (where subscriptions and profile data are stored)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/multi-region-iam-identity-center.html
#     description: IAM Identity Center in multiple AWS Regions
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/regions.html
#     description: IAM Identity Center Region availability and Region data
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC105
#   name: IdentityDataOutsideResidencyZone
#   severity: medium
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Serve the profile from an IAM Identity Center instance whose home and additional Regions are all inside the zones allowed for the profile's account.
#     - Or remove the additional Region from the instance, or allow its zone for the account in residency.placements if your residency rules accept it.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: Subscribers' identity data is stored in the Identity Center Region, outside the zone the profile's account requires.
#     - framework: iso-27001-2022
#       control: A.5.34
#       why: The data stored outside the zone is personal data of the subscribed people (names, emails).
package qcheck.residency.identity_center_home_region_crosses_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.with_properties(
	violation.new(
		app.arn,
		"Q Developer profile %q in account %s (zones %s) is served by IAM Identity Center instance %s, which stores its users' identity data and subscriptions in %s, outside those zones",
		[app.name, app.account_id, concat(", ", app.zones), app.instance_arn, concat(", ", outside)],
		[app.arn, app.instance_arn, app.account_arn, app.residency_source],
	),
	{"identity_data_regions": concat(", ", app.instance_regions)},
) if {
	some app in input.applications
	app.kind == "q_developer"
	count(app.zones) > 0
	app.instance_arn != null
	outside := sort([r | some r in app.instance_regions; not r in app.allowed_regions])
	count(outside) > 0
}
