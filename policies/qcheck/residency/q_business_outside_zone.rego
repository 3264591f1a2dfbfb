# METADATA
# title: Amazon Q Business application outside its residency zone
# description: >-
#   An Amazon Q Business application is a Regional resource: the Region whose endpoint
#   lists it (ListApplications) is the Region it was created in, and the Region that holds
#   the data it indexes and answers from (AWS documents that it may also send data for
#   processing to other Regions within the same geography: cross-Region inference). That
#   Region must belong to one of the residency zones qcheck.yaml allows for its account,
#   the same zones that judge Q Developer profiles (QC101), inherited down the OU tree.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/api-reference/API_ListApplications.html
#     description: Amazon Q Business API reference, ListApplications
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qbusiness-ug/cross-region-inference.html
#     description: Cross region inference in Amazon Q Business
# custom:
#   depends_on:
#     - account.q_business_applications
#   id: QC108
#   name: QBusinessOutsideResidencyZone
#   severity: high
#   config_keys:
#     - residency.placements
#   recommended_actions:
#     - Recreate the application in a Region of the account's residency zone, re-index its data sources there, and delete the one outside.
#     - Or, if the placement is wrong, change the zones allowed for the account or its OU in `residency.placements` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: "A Q Business application stores its index and conversations in its Region: a Region outside the account's zone breaks the required data location."
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Where a cloud service keeps the organization's data is an information security requirement for using it.
package qcheck.residency.q_business_outside_zone

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"Amazon Q Business application %q is in %s, outside the zones %v allowed for account %s (%s)",
	[app.name, app.region, app.zones, app.account_id, app.ou_path],
	[app.arn, app.account_arn, app.residency_source],
) if {
	some app in input.q_business_applications
	count(app.zones) > 0
	not app.region in app.allowed_regions
}
