# METADATA
# title: Q Developer customization in a different Region from its profile
# description: >-
#   A customization is created inside a Q Developer profile and is offered to developers
#   through that profile, so it lives in the profile's Region. A declared customization whose
#   Region differs from the Region of the profile it names is misdeclared or attached to the
#   wrong profile, and residency checks on it cannot be relied upon.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-admin-customize.html
#     description: Creating your customization
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/subscribe-understanding-profile.html
#     description: What is the Amazon Q Developer profile?
# custom:
#   depends_on:
#     - application.region
#   id: QC106
#   name: CustomizationRegionDiffersFromProfile
#   severity: medium
#   recommended_actions:
#     - Correct the customization's Region or profile ARN in its entry under `inventory.customizations` in qcheck.yaml.
#     - If the customization really belongs to another profile, recreate it under the profile in the intended Region.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: A customization in another Region than its profile holds the profile's derived data in a second location.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Two Regions for one profile's data is a cloud data location nobody agreed to.
package qcheck.residency.customization_region_differs_from_profile

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	c.arn,
	"Q Developer customization %q in account %s is declared in %s, but its profile %s is in %s (declared)",
	[c.name, c.account_id, c.region, c.profile_arn, c.profile_region],
	[c.arn, c.profile_arn, c.account_arn],
) if {
	some c in input.customizations
	c.profile_found == true
	c.profile_region != null
	c.region != c.profile_region
}
