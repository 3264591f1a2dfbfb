# METADATA
# title: Q Developer customization in the management account
# description: >-
#   A customization is trained on your source code, and creating one requires access to the
#   code in Amazon S3 or through AWS CodeConnections. Keeping customizations, and the code
#   access they need, in the organization's management account puts proprietary code in the
#   account AWS recommends keeping free of workloads, where service control policies cannot
#   restrict users and roles.
# related_resources:
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
#     description: Best practices for the management account
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/customizations-prereq.html
#     description: Prerequisites for Amazon Q customizations
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
# custom:
#   id: QC403
#   name: CustomizationInManagementAccount
#   severity: high
#   recommended_actions:
#     - Recreate the customization under a Q Developer profile in a workload member account and delete it from the management account.
#     - Remove the management account's access to the code repositories or buckets used as data sources.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-7
#       why: The management account holds a customization, a capability it does not need.
#     - framework: iso-27001-2022
#       control: A.8.2
#       why: Customization administration happens inside the organization's most privileged account.
package qcheck.management_account.customization_in_management_account

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	c.arn,
	"Q Developer customization %q in %s is in the management account %s",
	[c.name, c.region, c.account_id],
	[c.arn, c.profile_arn, c.account_arn],
) if {
	some c in input.customizations
	c.in_management_account == true
}
