# METADATA
# title: Person subscribed to Q Developer through several Identity Center instances
# description: >-
#   Amazon Q Developer Pro is charged per user subscription, and a subscription belongs to a
#   user of one IAM Identity Center instance. Someone who is subscribed through profiles under
#   two or more instances (typically the organization instance and an account instance) is
#   charged once per instance, while access to several profiles under the same instance costs
#   a single subscription. Each extra instance costs up to one more monthly subscription: a
#   subscription is not charged while it is pending (until the user first uses a feature),
#   and no API reports whether it is, so the cost is an upper bound. People are matched
#   across identity stores by their identity provider's external id, then by email; the
#   finding says which key matched.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations (subscription charges across instances)
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/tracking-across-org-cost-usage.html
#     description: Amazon Q Developer Pro subscription billing
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/q-admin-setup-subscribe-understanding.html
#     description: Understanding Amazon Q Developer subscriptions (pending subscriptions are not charged)
#   - ref: https://aws.amazon.com/q/developer/pricing/
#     description: Amazon Q Developer pricing
# custom:
#   id: QC501
#   name: DuplicateSubscriptionAcrossInstances
#   severity: medium
#   depends_on:
#     - application.assignments
#     - identity_store.memberships
#   config_keys:
#     - pricing.q_developer_pro_monthly
#   recommended_actions:
#     - Give the person access to the profiles and customizations they need through a single IAM Identity Center instance, preferably the organization instance.
#     - Unsubscribe the user of the account instance (the reported user) once access through the organization instance works.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: One person holds access through accounts in two identity sources, managed and paid for twice.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: The same person has several identities across identity sources instead of one managed identity.
package qcheck.subscriptions.duplicate_subscription_across_instances

import rego.v1

import data.qcheck.lib.labels
import data.qcheck.lib.text
import data.qcheck.lib.violation

deny contains violation.with_properties(
	violation.paths(
		_reported_user_arn(subscriptions),
		"%s (matched by %s) is subscribed to Amazon Q Developer through %d IAM Identity Center instances and may be charged %d times: up to %s %s a month more than needed",
		[subscriber.person, labels.matched_by[subscriber.matched_by], n, n, extra, currency],
		[[s.user_arn, s.group_arn, s.application_arn, s.instance_arn] | some s in subscriptions],
	),
	{
		"extra_monthly_cost_up_to": extra,
		"currency": currency,
		"instances": sprintf("%d", [n]),
		"matched_by": subscriber.matched_by,
		"price_source": input.reference.price_source,
	},
) if {
	some subscriber in input.subscribers
	n := count(subscriber.instances)
	n > 1
	subscriptions := subscriber.subscriptions
	count(subscriptions) > 0
	extra := text.money((n - 1) * input.reference.q_developer_pro_monthly_price)
	currency := input.reference.currency
}

_reported_user_arn(subscriptions) := subscriptions[i].user_arn if {
	_has_account_subscription(subscriptions)
	i := min({j | some j, s in subscriptions; s.instance_type == "account"})
}

_reported_user_arn(subscriptions) := subscriptions[count(subscriptions) - 1].user_arn if {
	not _has_account_subscription(subscriptions)
}

_has_account_subscription(subscriptions) if {
	some s in subscriptions
	s.instance_type == "account"
}
