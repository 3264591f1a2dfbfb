# METADATA
# title: Q Developer customization reads its code from outside the residency zone
# description: >-
#   A customization is trained from a data source, either an Amazon S3 location or a
#   repository reached through AWS CodeConnections. When the customization's account is
#   placed in residency zones, the Region of that data source must also belong to one of
#   those zones; otherwise the business unit's source code is stored or read outside its zone.
#   Data sources whose Region is unknown are not judged.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-admin-customize.html
#     description: Creating your customization (connecting to your data source)
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-prereq.html
#     description: Prerequisites for Amazon Q customizations
# custom:
#   id: QC103
#   name: CustomizationDataSourceOutsideZone
#   severity: high
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Move or replicate the source code to a bucket or connection in a Region of the account's residency zone and create a new customization version from it.
#     - Or, if the placement is wrong, change the zones allowed for the account or its OU in `residency.placements` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: The code a customization reads is processed from a location outside the zone the account must stay in.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Connecting a cloud service to a code source outside the zone moves processing outside the agreed location.
package qcheck.residency.customization_data_source_outside_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	c.arn,
	"Q Developer customization %q reads its %s data source %s in %s, outside the zones %s allowed for account %s (%s)",
	[c.name, source.type, source.location, source.region, concat(", ", c.zones), c.account_id, c.ou_path],
	[c.arn, c.account_arn, c.residency_source],
) if {
	some c in input.customizations
	count(c.zones) > 0
	source := c.data_source
	source != null
	source.region != null
	not source.region in c.allowed_regions
}
