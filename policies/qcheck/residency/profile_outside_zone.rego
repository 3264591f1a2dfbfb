# METADATA
# title: Q Developer profile outside its residency zone
# description: >-
#   An Amazon Q Developer profile stores its data in the region where it was created.
#   The profile's region must belong to one of the residency zones that qcheck.yaml
#   allows for the profile's account (placements are inherited down the OU tree; the most
#   specific placement wins). A profile elsewhere keeps developer data outside the
#   business unit's zone.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html
#     description: Amazon Q Developer data storage
# custom:
#   depends_on:
#     - application.region
#   id: QC101
#   name: ProfileOutsideResidencyZone
#   severity: high
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Recreate the profile in a region of the account's residency zone and move its subscriptions.
#     - Or, if the placement is wrong, change the zones allowed for the account or its OU in `residency.placements` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: "The profile stores its data in its Region: a Region outside the account's zone breaks the required data location."
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Where a cloud service keeps the organization's data is an information security requirement for using it.
package qcheck.residency.profile_outside_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"Q Developer profile %q is in %s, outside the zones %v allowed for account %s (%s)",
	[app.name, app.region_text, app.zones, app.account_id, app.ou_path],
	[app.arn, app.account_arn, app.residency_source],
) if {
	some app in input.applications
	app.kind == "q_developer"
	count(app.zones) > 0
	app.region != null
	not app.region in app.allowed_regions
}
