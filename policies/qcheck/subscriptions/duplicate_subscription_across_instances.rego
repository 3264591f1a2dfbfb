# METADATA
# title: Person subscribed to Q Developer through several Identity Center instances
# description: >-
#   Amazon Q Developer Pro is charged per user subscription, and a subscription belongs to a
#   user of one IAM Identity Center instance. Someone who is subscribed through profiles under
#   two or more instances (typically the organization instance and an account instance) is
#   charged once per instance, while access to several profiles under the same instance costs
#   a single subscription. Each extra instance costs one more monthly subscription.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations (subscription charges across instances)
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/tracking-across-org-cost-usage.html
#     description: Amazon Q Developer Pro subscription billing
#   - ref: https://aws.amazon.com/q/developer/pricing/
#     description: Amazon Q Developer pricing
# custom:
#   id: QC501
#   name: DuplicateSubscriptionAcrossInstances
#   severity: medium
#   recommended_actions:
#     - Give the person access to the profiles and customizations they need through a single IAM Identity Center instance, preferably the organization instance.
#     - Unsubscribe the user of the account instance (the reported user) once access through the organization instance works.
package qcheck.subscriptions.duplicate_subscription_across_instances

import rego.v1

deny contains violation if {
	some subscriber in input.subscribers
	n := count(subscriber.instances)
	n > 1
	subscriptions := subscriber.subscriptions
	count(subscriptions) > 0
	resource := reported_user_arn(subscriptions)
	extra := money((n - 1) * input.reference.q_developer_pro_monthly_price)
	currency := input.reference.currency
	violation := {
		"resource": resource,
		"message": sprintf(
			"%s is subscribed to Amazon Q Developer through %d IAM Identity Center instances and is charged %d times: %s %s a month more than needed",
			[subscriber.person, n, n, extra, currency],
		),
		"evidence": array.concat([resource], [x |
			some subscription in subscriptions
			some x in [subscription.user_arn, subscription.group_arn, subscription.application_arn, subscription.instance_arn]
			x != null
			x != resource
		]),
		"properties": {
			"extra_monthly_cost": extra,
			"currency": currency,
			"instances": sprintf("%d", [n]),
		},
	}
}

# The user of the first subscription through an account instance, else of the last subscription.
reported_user_arn(subscriptions) := subscriptions[i].user_arn if {
	has_account_subscription(subscriptions)
	i := min({j | some j, s in subscriptions; s.instance_type == "account"})
}

reported_user_arn(subscriptions) := subscriptions[count(subscriptions) - 1].user_arn if {
	not has_account_subscription(subscriptions)
}

has_account_subscription(subscriptions) if {
	some s in subscriptions
	s.instance_type == "account"
}

# Two decimals without relying on "%.2f", which engines format differently for whole numbers.
money(amount) := sprintf("%d.%s", [whole, two_digits(cents - (whole * 100))]) if {
	cents := round(amount * 100)
	whole := floor(cents / 100)
}

two_digits(n) := sprintf("0%d", [n]) if n < 10

two_digits(n) := sprintf("%d", [n]) if n >= 10
