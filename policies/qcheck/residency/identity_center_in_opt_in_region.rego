# METADATA
# title: Q Developer profile served by an IAM Identity Center instance in an opt-in Region
# description: >-
#   Users of an IAM Identity Center instance in an opt-in Region cannot be subscribed to
#   Amazon Q Developer Pro: "If your users have identities in an IAM Identity Center instance
#   in an opt-in Region, they can't be subscribed, which means they will only have access to
#   the Free tier ... and they won't have access to Amazon Q in the IDE or at the command
#   line" (Amazon Q Developer Pro Region support). Opt-in Regions are those account
#   ListRegions does not report as ENABLED_BY_DEFAULT (Regions launched after March 20,
#   2019). The instance's home (primary) Region is judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/q-admin-setup-subscribe-regions.html
#     description: Amazon Q Developer Pro Region support
#   - ref: https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
#     description: Enable or disable AWS Regions in your account
# custom:
#   depends_on:
#     - instance.home_region_opt_in
#   id: QC107
#   name: IdentityCenterInOptInRegion
#   severity: medium
#   recommended_actions:
#     - Serve the Q Developer profiles from an IAM Identity Center instance whose home Region is a default Region, or accept that its users stay on the Free tier.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9(5)
#       why: "The Region of the Identity Center instance decides whether its users can be subscribed to Q Developer at all: a service-location requirement."
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Where the identity service that serves the assistant lives is part of using that cloud service securely.
package qcheck.residency.identity_center_in_opt_in_region

import rego.v1

import data.qcheck.lib.violation

deny contains violation.with_examples(
	violation.new(
		instance.arn,
		"IAM Identity Center instance %s is homed in the opt-in Region %s and serves %d Q Developer profile(s): its users cannot be subscribed to Q Developer Pro",
		[instance.arn, instance.home_region, count(profiles)],
		[instance.arn],
	),
	profiles,
) if {
	some instance in input.instances
	instance.home_region_opt_in == true
	profiles := sort([app.arn |
		some app in input.applications
		app.instance_arn == instance.arn
		app.kind == "q_developer"
	])
	count(profiles) > 0
}
