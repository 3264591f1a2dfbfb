# METADATA
# title: Organization instance of IAM Identity Center without an external identity provider
# description: >-
#   AWS recommends that the organization instance use an external identity provider, with
#   users and groups synchronized from it, wherever possible (How to use AWS managed
#   applications with IAM Identity Center, steps 1 and 2). No read API returns an instance's identity
#   source, so qcheck infers it: users provisioned from an external IdP carry ExternalIds,
#   "the identifiers issued to this resource by an external identity provider" (Identity
#   Store API reference, User). An organization instance whose users carry none shows no
#   sign of an external IdP; qcheck.yaml may declare the source instead
#   (identity_center.identity_sources). The message says whether it was inferred or declared.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_User.html
#     description: Identity Store User (ExternalIds)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/Welcome.html
#     description: Identity Store API (identity sources)
# custom:
#   depends_on:
#     - identity_store.memberships
#   id: QC605
#   name: IdentitySourceNotExternal
#   severity: low
#   config_keys:
#     - identity_center.identity_sources
#   recommended_actions:
#     - Connect the organization instance to your external identity provider and provision users and groups with SCIM.
#     - If it already is, declare the source under identity_center.identity_sources in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: Accounts managed in the Identity Center directory rather than provisioned from the organization's identity provider escape its joiner and leaver process.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: The identity lifecycle is not managed from the organization's identity provider.
package qcheck.access.identity_source_not_external

import rego.v1

import data.qcheck.lib.violation

_why(instance) := sprintf("inferred: none of its %d users carries an ExternalId from an identity provider", [instance.user_count]) if {
	instance.identity_source_basis == "inferred"
}

_why(instance) := "declared in qcheck.yaml" if instance.identity_source_basis == "declared"

deny contains violation.new(
	instance.arn,
	"Organization instance %s uses the IAM Identity Center directory, not an external identity provider (%s)",
	[instance.arn, _why(instance)],
	[instance.arn, instance.owner_account_arn],
) if {
	some instance in input.instances
	instance.type == "organization"
	instance.identity_source == "identity_center_directory"
}
