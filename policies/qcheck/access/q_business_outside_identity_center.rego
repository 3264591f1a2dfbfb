# METADATA
# title: Amazon Q Business application outside IAM Identity Center
# description: >-
#   The organization signs its workforce in through an organization instance of IAM
#   Identity Center, yet an Amazon Q Business application authenticates its users another
#   way: IAM federation with a SAML or OIDC identity provider (identity type
#   AWS_IAM_IDP_SAML or AWS_IAM_IDP_OIDC) or anonymous access (ANONYMOUS). Who can reach
#   it is then not governed by Identity Center's users, groups and assignments, so the
#   access reviews, assignment rules and deprovisioning that cover the other AI assistants
#   do not cover it; anonymous access lets anyone with the web experience's address in.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/api-reference/API_GetApplication.html
#     description: Amazon Q Business API reference, GetApplication (identityType)
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/awsapps.html
#     description: AWS managed applications with IAM Identity Center (one point of federation, assignments)
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qbusiness-ug/supported-anonymous-app-actions.html
#     description: Managing Amazon Q Business anonymous application environments
# custom:
#   depends_on:
#     - account.q_business_applications
#     - identity_center.instances
#   id: QC606
#   name: QBusinessOutsideIdentityCenter
#   severity: high
#   recommended_actions:
#     - Recreate the application with IAM Identity Center as its identity source (identity type AWS_IAM_IDC), connected to the organization instance, and assign its users and groups there.
#     - Delete an anonymous application environment that is not meant to be public.
#   compliance:
#     - framework: nist-800-53-r5
#       control: IA-2
#       why: Anonymous access or a separate federation signs people into the assistant outside the organization's identification and authentication.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: Identities reaching the assistant are not the ones the organization manages in IAM Identity Center.
package qcheck.access.q_business_outside_identity_center

import rego.v1

import data.qcheck.lib.violation

# IdentityType values (qbusiness model) that authenticate outside IAM Identity Center.
outside := {
	"AWS_IAM_IDP_SAML": "IAM federation with a SAML identity provider",
	"AWS_IAM_IDP_OIDC": "IAM federation with an OIDC identity provider",
	"ANONYMOUS": "anonymous access",
}

deny contains violation.new(
	app.arn,
	"Amazon Q Business application %q in %s (account %s) signs users in with %s, not through the organization's IAM Identity Center instance %s",
	[app.name, app.region, app.account_id, outside[app.identity_type], instance],
	[app.arn, app.account_arn],
) if {
	some app in input.q_business_applications
	outside[app.identity_type]
	some instance in input.identity_center.organization_instance_arns
}
