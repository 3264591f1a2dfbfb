# METADATA
# title: IAM Identity Center account instance without a justification
# description: >-
#   AWS recommends an organization instance of IAM Identity Center wherever possible, as the
#   single place to manage identities and access. Account instances are meant for a few
#   cases only (a proof of concept, identities that live in no central identity provider, or
#   an account in an organization run by another party) and each one adds its own users,
#   sign-in URL, settings and per-instance subscription charges. Every account instance
#   therefore needs a justification recorded in qcheck.yaml.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (when account instances are recommended)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-instances.html
#     description: Organization and account instances of IAM Identity Center
# custom:
#   depends_on:
#     - identity_center.instances
#     - instance.type
#   id: QC301
#   name: AccountInstanceWithoutJustification
#   severity: high
#   config_keys:
#     - account_instances.justifications
#   recommended_actions:
#     - Move the instance's applications and users to the organization instance and delete the account instance.
#     - Or, if one of the accepted cases applies, record a justification with reason, owner, reference and expiry for the instance under `account_instances.justifications` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: An account instance is an identity source created without the approval account management requires.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: A second identity source without a recorded reason escapes the organization's identity management.
package qcheck.account_instances.account_instance_without_justification

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	instance.arn,
	"IAM Identity Center account instance %s in account %s (home Region %s) has no justification in qcheck.yaml",
	[instance.arn, instance.owner_account_id, instance.home_region],
	[instance.arn, instance.owner_account_arn],
) if {
	some instance in input.instances
	instance.type == "account"
	instance.justification == null
}
