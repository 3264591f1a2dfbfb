# METADATA
# title: Customization reachable by people outside its business unit's groups
# description: >-
#   A customization is trained on one business unit's code; only the users an administrator
#   specifies can use it ("Only users specified by a Amazon Q Developer administrator have
#   access to any specific customization", Customizing suggestions). qcheck.yaml declares,
#   per business unit, the groups allowed to use customizations trained on its code, and per
#   customization its business unit and grants (no public API lists them). A grant that
#   reaches a user who is in none of those groups exposes one unit's proprietary code, as
#   suggestions, to people of another.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations.html
#     description: Customizing suggestions
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   depends_on:
#     - identity_store.memberships
#   id: QC604
#   name: CustomizationOutsideBusinessUnit
#   severity: high
#   config_keys:
#     - inventory.business_units
#     - inventory.customizations
#   recommended_actions:
#     - Remove the grant in the Q Developer console, or grant the customization to a group the business unit allows.
#     - If the business unit agrees to share its code, add the group to its `inventory.business_units.allowed_groups` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-6
#       why: People outside the business unit reach a customization trained on that unit's code, beyond what their role needs.
#     - framework: iso-27001-2022
#       control: A.5.15
#       why: Access to one unit's proprietary code through the customization is not limited to that unit's groups.
package qcheck.access.customization_outside_business_unit

import rego.v1

import data.qcheck.lib.violation

_people(grants) := {u | some g in grants; some u in g.outside_user_arns}

deny contains violation.paths(
	custom.arn,
	"Customization %q, trained on %s's code, is granted through %s to %d user(s) outside the groups %s allows (%s)",
	[
		custom.name,
		custom.business_unit,
		concat(", ", sort({sprintf("%s %q", [g.principal_type, g.principal_name]) | some g in leaking})),
		count(_people(leaking)),
		custom.business_unit,
		concat(", ", custom.allowed_groups),
	],
	array.concat(
		[[custom.arn, g.principal_arn, u] |
			some g in leaking
			some u in g.outside_user_arns
			u != g.principal_arn
		],
		[[custom.arn, g.principal_arn] |
			some g in leaking
			g.principal_type == "user"
		],
	),
) if {
	some custom in input.customizations
	custom.business_unit != null
	leaking := [g |
		some g in custom.grants
		g.people_known == true
		g.same_instance == true
		count(g.outside_user_arns) > 0
	]
	count(leaking) > 0
}
