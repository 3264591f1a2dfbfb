# METADATA
# title: Q Developer profile in an account without a residency zone
# description: >-
#   Residency zones are configured in qcheck.yaml, but the account holding this Q Developer
#   profile is not placed in any zone, neither directly nor through its OUs. Because a
#   profile stores its content in the Region where it was created, its residency cannot be
#   judged until the account's zone is known.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/data-storage.html
#     description: Data storage in Amazon Q Developer
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC902
#   name: ProfileAccountWithoutResidencyZone
#   severity: medium
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Place the account, or the OU it belongs to, in the right residency zone under `residency.placements` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: No data location is defined for the account, so its profiles' location cannot be restricted or verified.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: The data location requirement for this account's cloud service use is not defined.
package qcheck.evidence.profile_account_without_residency_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"Q Developer profile %q in %s belongs to account %s (%s), which has no residency zone in qcheck.yaml, so its residency cannot be judged",
	[app.name, app.region_text, app.account_id, _path_text(app.ou_path)],
	[app.arn, app.account_arn],
) if {
	count(input.reference.zones) > 0
	some app in input.applications
	app.kind == "q_developer"
	count(app.zones) == 0
}

_path_text(path) := path if {
	is_string(path)
	path != ""
}

_path_text(path) := "OU unknown" if not is_string(path)

_path_text("") := "OU unknown"
