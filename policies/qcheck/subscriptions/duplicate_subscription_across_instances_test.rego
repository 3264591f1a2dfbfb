package qcheck.subscriptions.duplicate_subscription_across_instances_test

import rego.v1

import data.qcheck.subscriptions.duplicate_subscription_across_instances

reference := {
	"q_developer_pro_monthly_price": 19.0,
	"currency": "USD",
	"price_source": "qcheck.yaml pricing.q_developer_pro_monthly",
}

org_user := "arn:aws:identitystore::111111111111:user/d-org/u-1"

org_group := "arn:aws:identitystore::111111111111:group/d-org/g-blue"

org_app := "arn:aws:sso::111111111111:application/ssoins-org/apl-alpha"

org_instance := "arn:aws:sso:::instance/ssoins-org"

charlie_user := "arn:aws:identitystore::444444444444:user/d-charlie/u-9"

charlie_app := "arn:aws:sso::444444444444:application/ssoins-charlie/apl-charlie"

charlie_instance := "arn:aws:sso:::instance/ssoins-charlie"

other_user := "arn:aws:identitystore::555555555555:user/d-other/u-3"

other_app := "arn:aws:sso::555555555555:application/ssoins-other/apl-x"

other_instance := "arn:aws:sso:::instance/ssoins-other"

org_subscription := {
	"instance_arn": org_instance,
	"instance_type": "organization",
	"user_arn": org_user,
	"group_arn": org_group,
	"application_arn": org_app,
}

account_subscription := {
	"instance_arn": charlie_instance,
	"instance_type": "account",
	"user_arn": charlie_user,
	"group_arn": null,
	"application_arn": charlie_app,
}

other_org_subscription := {
	"instance_arn": other_instance,
	"instance_type": "organization",
	"user_arn": other_user,
	"group_arn": null,
	"application_arn": other_app,
}

org_path := [org_user, org_group, org_app, org_instance]

charlie_path := [charlie_user, charlie_app, charlie_instance]

other_path := [other_user, other_app, other_instance]

# The facts layer lists one subscription per instance, sorted by instance ARN.
subscriber(subscriptions, matched_by) := {
	"person": "dev@example.com",
	"matched_by": matched_by,
	"instances": sort({s.instance_arn | some s in subscriptions}),
	"subscriptions": sort_by_instance(subscriptions),
}

sort_by_instance(subscriptions) := [s |
	some arn in sort({s.instance_arn | some s in subscriptions})
	some s in subscriptions
	s.instance_arn == arn
]

run(subscriptions, matched_by) := results if {
	results := duplicate_subscription_across_instances.deny with input as {
		"subscribers": [subscriber(subscriptions, matched_by)],
		"reference": reference,
	}
}

properties(extra, currency, n, matched_by) := {
	"extra_monthly_cost_up_to": extra,
	"currency": currency,
	"instances": n,
	"matched_by": matched_by,
	"price_source": "qcheck.yaml pricing.q_developer_pro_monthly",
}

test_two_instances_are_denied if {
	results := run([org_subscription, account_subscription], "email")
	results == {{
		"resource": charlie_user,
		"message": "dev@example.com (matched by email) is subscribed to Amazon Q Developer through 2 IAM Identity Center instances and may be charged 2 times: up to 19.00 USD a month more than needed",
		"evidence_paths": [charlie_path, org_path],
		"properties": properties("19.00", "USD", "2", "email"),
	}}
}

test_matched_by_external_id_is_named if {
	results := run([org_subscription, account_subscription], "external_id")
	results == {{
		"resource": charlie_user,
		"message": "dev@example.com (matched by identity provider external id) is subscribed to Amazon Q Developer through 2 IAM Identity Center instances and may be charged 2 times: up to 19.00 USD a month more than needed",
		"evidence_paths": [charlie_path, org_path],
		"properties": properties("19.00", "USD", "2", "external_id"),
	}}
}

test_three_instances_cost_two_extra_subscriptions if {
	results := run([org_subscription, other_org_subscription, account_subscription], "email")
	results == {{
		"resource": charlie_user,
		"message": "dev@example.com (matched by email) is subscribed to Amazon Q Developer through 3 IAM Identity Center instances and may be charged 3 times: up to 38.00 USD a month more than needed",
		"evidence_paths": [charlie_path, org_path, other_path],
		"properties": properties("38.00", "USD", "3", "email"),
	}}
}

test_evidence_has_one_path_per_instance if {
	results := run([org_subscription, other_org_subscription, account_subscription], "email")
	some result in results
	count(result.evidence_paths) == 3
	{path[count(path) - 1] | some path in result.evidence_paths} == {org_instance, charlie_instance, other_instance}
	not "evidence" in object.keys(result)
}

test_without_account_instance_the_last_subscription_is_reported if {
	results := run([org_subscription, other_org_subscription], "email")
	{[r.resource, r.evidence_paths] | some r in results} == {[other_user, [org_path, other_path]]}
}

test_fractional_price_is_formatted_with_two_decimals if {
	results := duplicate_subscription_across_instances.deny with input as {
		"subscribers": [subscriber([org_subscription, account_subscription], "email")],
		"reference": object.union(reference, {"q_developer_pro_monthly_price": 19.5, "currency": "EUR"}),
	}
	some result in results
	endswith(result.message, "up to 19.50 EUR a month more than needed")
	result.properties == properties("19.50", "EUR", "2", "email")
}

test_two_profiles_under_one_instance_are_allowed if {
	# The facts layer keeps one path per instance, so this person has a single instance.
	count(duplicate_subscription_across_instances.deny) == 0 with input as {
		"subscribers": [subscriber([org_subscription], "user")],
		"reference": reference,
	}
}

test_single_subscription_is_allowed if {
	count(run([account_subscription], "user")) == 0
}
