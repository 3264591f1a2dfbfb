# METADATA
# title: Q Developer profile in a Region where profiles are not offered
# description: >-
#   Amazon Q Developer profiles, the Q Developer console and customizations are offered only
#   in a few Regions. A profile recorded in any other Region (as listed in the reference data
#   qcheck ships with, or as overridden in qcheck.yaml) is either misrecorded or relies on a
#   Region AWS does not support for the Pro tier, so its data location cannot be trusted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/q-admin-setup-subscribe-regions.html
#     description: Amazon Q Developer Pro Region support
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/subscribe-understanding-profile.html
#     description: What is the Amazon Q Developer profile?
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   depends_on:
#     - application.region
#   id: QC104
#   name: ProfileRegionNotOffered
#   severity: medium
#   config_keys:
#     - q_developer.regions
#   recommended_actions:
#     - Recreate the profile in a supported Region that belongs to the account's residency zone and move its subscriptions.
#     - If AWS has added the Region, list it in `q_developer.regions` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-8
#       why: A profile declared in a Region where profiles cannot exist means the component inventory is inaccurate.
#     - framework: iso-27001-2022
#       control: A.5.9
#       why: The inventory of Q Developer profiles names a Region no profile can be in, so the inventory is wrong.
package qcheck.residency.profile_region_not_offered

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"Q Developer profile %q in account %s is in %s, which is not a Region where Q Developer profiles are offered (%s)",
	[app.name, app.account_id, app.region_text, concat(", ", input.reference.q_developer_regions)],
	[app.arn, app.account_arn],
) if {
	some app in input.applications
	app.kind == "q_developer"
	app.region != null
	not app.region in input.reference.q_developer_regions
}
