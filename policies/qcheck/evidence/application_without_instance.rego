# METADATA
# title: Managed application without a known Identity Center instance
# description: >-
#   Every AWS managed application signs users in through one IAM Identity Center instance,
#   which decides where identities and subscriptions are stored, who administers access and
#   how users are charged. The snapshot links this application to no instance, so those
#   checks (QC105, QC404 and the subscription rules) cannot cover it.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
#     description: Organization and account instances of IAM Identity Center
# custom:
#   id: QC904
#   name: ApplicationWithoutInstance
#   severity: low
#   recommended_actions:
#     - Check the collection gaps (QC901) for the application's account and Region and take a new snapshot.
#     - If the application's instance was deleted, delete the orphaned application.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-8
#       why: "An application is present without a known Identity Center instance: the inventory is incomplete."
#     - framework: iso-27001-2022
#       control: A.5.9
#       why: The inventory cannot say which identity source an application belongs to.
package qcheck.evidence.application_without_instance

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.violation

deny contains violation.new(
	app.arn,
	"%s %q in %s (account %s) is not linked to any IAM Identity Center instance in the snapshot",
	[labels.kind[app.kind], app.name, app.region_text, app.account_id],
	[app.arn, app.account_arn],
) if {
	some app in input.applications
	app.instance_arn == null
}
