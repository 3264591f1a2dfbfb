package qcheck.subscriptions.duplicate_subscription_across_instances_test

import rego.v1

import data.qcheck.subscriptions.duplicate_subscription_across_instances

reference := {"q_developer_pro_monthly_price": 19.0, "currency": "USD"}

org_subscription := {
	"instance_arn": "arn:aws:sso:::instance/ssoins-org",
	"instance_type": "organization",
	"user_arn": "arn:aws:identitystore::111111111111:user/d-org/u-1",
	"group_arn": "arn:aws:identitystore::111111111111:group/d-org/g-blue",
	"application_arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-alpha",
}

account_subscription := {
	"instance_arn": "arn:aws:sso:::instance/ssoins-charlie",
	"instance_type": "account",
	"user_arn": "arn:aws:identitystore::444444444444:user/d-charlie/u-9",
	"group_arn": null,
	"application_arn": "arn:aws:sso::444444444444:application/ssoins-charlie/apl-charlie",
}

other_org_subscription := {
	"instance_arn": "arn:aws:sso:::instance/ssoins-other",
	"instance_type": "organization",
	"user_arn": "arn:aws:identitystore::555555555555:user/d-other/u-3",
	"group_arn": null,
	"application_arn": "arn:aws:sso::555555555555:application/ssoins-other/apl-x",
}

subscriber(subscriptions) := {
	"person": "dev@example.com",
	"instances": sort({s.instance_arn | some s in subscriptions}),
	"subscriptions": subscriptions,
}

run(subscriptions) := results if {
	results := duplicate_subscription_across_instances.deny with input as {
		"subscribers": [subscriber(subscriptions)],
		"reference": reference,
	}
}

test_two_instances_are_denied if {
	results := run([org_subscription, account_subscription])
	count(results) == 1
	some result in results
	result.resource == "arn:aws:identitystore::444444444444:user/d-charlie/u-9"
	result.message == "dev@example.com is subscribed to Amazon Q Developer through 2 IAM Identity Center instances and is charged 2 times: 19.00 USD a month more than needed"
	result.evidence == [
		"arn:aws:identitystore::444444444444:user/d-charlie/u-9",
		"arn:aws:identitystore::111111111111:user/d-org/u-1",
		"arn:aws:identitystore::111111111111:group/d-org/g-blue",
		"arn:aws:sso::111111111111:application/ssoins-org/apl-alpha",
		"arn:aws:sso:::instance/ssoins-org",
		"arn:aws:sso::444444444444:application/ssoins-charlie/apl-charlie",
		"arn:aws:sso:::instance/ssoins-charlie",
	]
	result.properties == {"extra_monthly_cost": "19.00", "currency": "USD", "instances": "2"}
}

test_three_instances_cost_two_extra_subscriptions if {
	results := run([org_subscription, other_org_subscription, account_subscription])
	some result in results
	contains(result.message, "through 3 IAM Identity Center instances and is charged 3 times: 38.00 USD")
	result.properties.extra_monthly_cost == "38.00"
	result.properties.instances == "3"
}

test_without_account_instance_the_last_subscription_is_reported if {
	results := run([org_subscription, other_org_subscription])
	some result in results
	result.resource == "arn:aws:identitystore::555555555555:user/d-other/u-3"
	result.evidence[0] == result.resource
	count(result.evidence) == 7
	result.evidence[6] == "arn:aws:sso:::instance/ssoins-other"
}

test_fractional_price_is_formatted_with_two_decimals if {
	results := duplicate_subscription_across_instances.deny with input as {
		"subscribers": [subscriber([org_subscription, account_subscription])],
		"reference": {"q_developer_pro_monthly_price": 19.5, "currency": "EUR"},
	}
	some result in results
	contains(result.message, "19.50 EUR a month")
	result.properties == {"extra_monthly_cost": "19.50", "currency": "EUR", "instances": "2"}
}

test_two_profiles_under_one_instance_are_allowed if {
	second_profile := object.union(org_subscription, {"application_arn": "arn:aws:sso::111111111111:application/ssoins-org/apl-bravo"})
	count(duplicate_subscription_across_instances.deny) == 0 with input as {
		"subscribers": [{
			"person": "dev@example.com",
			"instances": ["arn:aws:sso:::instance/ssoins-org"],
			"subscriptions": [org_subscription, second_profile],
		}],
		"reference": reference,
	}
}

test_single_subscription_is_allowed if {
	count(run([account_subscription])) == 0
}
