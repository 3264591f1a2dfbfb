# METADATA
# title: Q Developer customization outside its residency zone
# description: >-
#   A Q Developer customization is built from your source code and lives in the Region
#   of the profile it belongs to (Amazon Q customizations are offered in US East (N. Virginia)
#   and Europe (Frankfurt)). When qcheck.yaml places the customization's account in one or
#   more residency zones, the customization's Region must belong to one of those zones, or the
#   model trained on the business unit's code is kept outside its zone.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-admin-customize.html
#     description: Creating your customization
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html
#     description: Data storage in Amazon Q Developer
# custom:
#   id: QC102
#   name: CustomizationOutsideResidencyZone
#   severity: high
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Recreate the customization under a profile in a Region of the account's residency zone, then delete the old one.
#     - Or, if the placement is wrong, change the zones allowed for the account or its OU in `residency.placements` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: A customization keeps what it learned from the code in its Region, which must lie in the account's zone.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: The customization's Region decides where cloud-held derivatives of the source code live.
package qcheck.residency.customization_outside_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	c.arn,
	"Q Developer customization %q is in %s, outside the zones %s allowed for account %s (%s)",
	[c.name, c.region, concat(", ", c.zones), c.account_id, c.ou_path],
	[c.arn, c.profile_arn, c.account_arn, c.residency_source],
) if {
	some c in input.customizations
	count(c.zones) > 0
	not c.region in c.allowed_regions
}
