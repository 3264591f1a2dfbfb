package qcheck.delegated_admin.delegated_admin_hosts_applications_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_hosts_applications

application(kind, in_delegated_admin) := {
	"arn": sprintf("arn:aws:sso::111111111111:application/ssoins-1/apl-%s", [kind]),
	"name": sprintf("%s-app", [kind]),
	"kind": kind,
	"region": "us-east-1",
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"account_id": "222222222222",
	"account_arn": "arn:aws:organizations::111111111111:account/o-abc/222222222222",
	"in_delegated_admin_account": in_delegated_admin,
}

test_q_profile_in_delegated_admin_is_denied if {
	results := delegated_admin_hosts_applications.deny with input as {"applications": [application("q_developer", true)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-q_developer"
	startswith(result.message, "Q Developer profile")
	result.evidence == [
		"arn:aws:sso::111111111111:application/ssoins-1/apl-q_developer",
		"arn:aws:organizations::111111111111:account/o-abc/222222222222",
		"arn:aws:sso:::instance/ssoins-1",
	]
}

test_other_managed_application_in_delegated_admin_is_denied if {
	results := delegated_admin_hosts_applications.deny with input as {"applications": [
		application("other", true),
		application("q_business", true),
	]}
	count(results) == 2
	some result in results
	result.resource == "arn:aws:sso::111111111111:application/ssoins-1/apl-other"
	startswith(result.message, "Managed application")
}

test_application_in_member_account_is_allowed if {
	count(delegated_admin_hosts_applications.deny) == 0 with input as {"applications": [application("q_developer", false)]}
}
