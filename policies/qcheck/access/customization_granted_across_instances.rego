# METADATA
# title: Customization declared as granted to another IAM Identity Center instance's principals
# description: >-
#   A customization can be granted only to users and groups its profile already serves:
#   "This includes adding any users to your Amazon Q Developer Pro profile that you also wish
#   to grant access to Amazon Q Customizations" (Prerequisites for Amazon Q customizations),
#   and a profile serves the users of one IAM Identity Center instance. A grant that
#   qcheck.yaml declares to a user or group of another instance cannot exist, so the declared
#   inventory is wrong and the rules that judge who reaches the customization (QC604) cannot
#   be trusted for it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-prereq.html
#     description: Prerequisites for Amazon Q customizations
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations.html
#     description: Customizing suggestions
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC603
#   name: CustomizationGrantedAcrossInstances
#   severity: medium
#   config_keys:
#     - inventory.customizations
#   recommended_actions:
#     - Correct the customization's access in qcheck.yaml to the users and groups of its profile's IAM Identity Center instance, as the Q Developer console shows them.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-8
#       why: "A grant to another instance's principal cannot exist: the declared inventory of who reaches the customization is inaccurate."
#     - framework: iso-27001-2022
#       control: A.5.9
#       why: The inventory of the customization and its grants does not match what can exist.
package qcheck.access.customization_granted_across_instances

import rego.v1

import data.qcheck.lib.violation

deny contains violation.paths(
	custom.arn,
	"Customization %q is declared as granted to %s, which belong to IAM Identity Center instance(s) %s, not to its profile's instance %s",
	[
		custom.name,
		concat(", ", sort({sprintf("%s %q", [g.principal_type, g.principal_name]) | some g in foreign})),
		concat(", ", sort({g.instance_arn | some g in foreign})),
		custom.profile_instance_arn,
	],
	[[custom.arn, g.principal_arn, g.instance_arn] | some g in foreign],
) if {
	some custom in input.customizations
	foreign := [g | some g in custom.grants; g.same_instance == false]
	count(foreign) > 0
}
