# METADATA
# title: Q Developer customization refers to an unknown profile
# description: >-
#   Customizations are declared in qcheck.yaml because no public API lists them, and each
#   declaration names the Q Developer profile the customization belongs to. When that
#   profile is not in the snapshot, the declaration is stale or mistyped, or the profile was
#   not collected, and the customization's Region and access cannot be checked against it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-admin-customize.html
#     description: Creating your customization
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC903
#   name: CustomizationProfileUnknown
#   severity: medium
#   recommended_actions:
#     - Correct the profile ARN in the customization's declaration, or remove the declaration if the customization was deleted.
#     - If the profile exists, check the collection gaps (QC901) for the account and Region that hold it.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-8
#       why: A declared customization refers to a profile the inventory does not hold.
#     - framework: iso-27001-2022
#       control: A.5.9
#       why: The inventory of customizations and profiles does not agree with itself.
package qcheck.evidence.customization_profile_unknown

import rego.v1

import data.qcheck.lib.text
import data.qcheck.lib.violation

deny contains violation.new(
	c.arn,
	"Q Developer customization %q in %s (account %s) names profile %s, which is not in the snapshot",
	[c.name, c.region, c.account_id, text.or_else(c.profile_arn, "(none)")],
	[c.arn, c.profile_arn, c.account_arn],
) if {
	some c in input.customizations
	c.profile_found == false
}
