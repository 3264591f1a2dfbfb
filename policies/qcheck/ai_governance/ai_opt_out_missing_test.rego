package qcheck.ai_governance.ai_opt_out_missing_test

import rego.v1

import data.qcheck.ai_governance.ai_opt_out_missing

account_arn := "arn:aws:organizations::111111111111:account/o-abc/444444444444"

optin_arn := "arn:aws:organizations::111111111111:policy/o-abc/aiservices_opt_out_policy/p-optin"

service(name, value, policy) := {"service": name, "value": value, "set_by": name, "policy_arn": policy}

account(services, overrides) := object.union(
	{
		"account_id": "444444444444",
		"account_arn": account_arn,
		"account_name": "bravo",
		"ou_path": "Root/Bravo",
		"known": true,
		"opted_out": every_out(services),
		"services": services,
		"assistant_application_arns": ["arn:aws:sso::444444444444:application/ssoins-1/apl-1"],
		"in_scope": true,
	},
	overrides,
)

every_out(services) if {
	every s in services {
		s.value == "optOut"
	}
}

default every_out(_) := false

run(accounts) := found if {
	found := ai_opt_out_missing.deny with input as {"ai_opt_out": {"judged": true, "accounts": accounts}}
}

test_opted_in_account_is_denied if {
	run([account([service("q", "optIn", optin_arn), service("codewhisperer", "optOut", "p")], {})]) == {{
		"resource": account_arn,
		"message": "Account 444444444444 (bravo) is not opted out of AI services content use for q (optIn)",
		"evidence": [account_arn, optin_arn],
	}}
}

test_account_no_policy_sets_is_denied if {
	found := run([account([service("q", null, null)], {})])
	[v.message | some v in found] == ["Account 444444444444 (bravo) is not opted out of AI services content use for q (no policy sets it)"]
}

test_opted_out_account_passes if {
	count(run([account([service("q", "optOut", "p"), service("codewhisperer", "optOut", "p")], {})])) == 0
}

test_account_out_of_scope_is_not_judged if {
	count(run([account([service("q", "optIn", optin_arn)], {"in_scope": false})])) == 0
}

test_unknown_opt_out_is_left_to_qc905 if {
	count(run([account([service("q", null, null)], {"known": false, "opted_out": null})])) == 0
}

test_nothing_is_judged_without_the_config_section if {
	found := ai_opt_out_missing.deny with input as {"ai_opt_out": {
		"judged": false,
		"accounts": [account([service("q", "optIn", optin_arn)], {})],
	}}
	count(found) == 0
}
