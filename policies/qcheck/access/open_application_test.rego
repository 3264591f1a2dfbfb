package qcheck.access.open_application_test

import rego.v1

import data.qcheck.access.open_application
import data.qcheck.lib.fixtures

app(kind, required, users) := fixtures.application({
	"arn": sprintf("arn:aws:sso::333333333333:application/ssoins-org/apl-%s", [kind]),
	"name": kind,
	"kind": kind,
	"account_id": "333333333333",
	"assignment_required": required,
	"reachable_user_count": users,
	"instance_arn": fixtures.org_instance_arn,
})

run(apps) := results if {
	results := open_application.deny with input as fixtures.document({"applications": apps})
}

test_open_q_developer_profile_is_high if {
	run([app("q_developer", false, 6)]) == {{
		"resource": "arn:aws:sso::333333333333:application/ssoins-org/apl-q_developer",
		"message": "Q Developer profile \"q_developer\" in account 333333333333 does not require assignment: every user of its IAM Identity Center instance (6 users) can use it",
		"evidence": ["arn:aws:sso::333333333333:application/ssoins-org/apl-q_developer", fixtures.org_instance_arn],
		"severity": "high",
	}}
}

test_severity_follows_the_kind if {
	severities := {v.severity | some v in run([
		app("q_business", false, 1), app("kiro", false, 1),
		app("aws_managed", false, 1), app("customer_managed", false, 1),
	])}
	severities == {"high", "medium", "low"}
	[v.severity | some v in run([app("customer_managed", false, 1)])] == ["low"]
	[v.severity | some v in run([app("aws_managed", false, 1)])] == ["medium"]
}

test_unknown_user_count_still_names_the_reach if {
	some v in run([app("kiro", false, null)])
	endswith(v.message, "every user of its IAM Identity Center instance can use it")
}

test_assignment_required_passes if {
	count(run([app("q_developer", true, 4)])) == 0
}

test_unknown_assignment_configuration_is_not_judged if {
	count(run([app("q_developer", null, null)])) == 0
}
