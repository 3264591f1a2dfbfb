package qcheck.account_instances.account_instance_justification_expired_test

import rego.v1

import data.qcheck.account_instances.account_instance_justification_expired

instance(expires) := {
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": "account",
	"owner_account_id": "444444444444",
	"owner_account_arn": "arn:aws:organizations::111111111111:account/o-abc/444444444444",
	"justification": {"reason": "proof_of_concept", "owner": "team-charlie", "reference": "JIRA-1", "expires": expires},
	"name": "team instance",
	"status": "ACTIVE",
	"owner_is_management": false,
	"identity_store_id": "d-0000000001",
	"home_region": "eu-central-1",
	"regions": ["eu-central-1"],
	"applications_known": true,
}

run(expires) := results if {
	results := account_instance_justification_expired.deny with input as {
		"qcheck": {"input_version": 2, "as_of": "2026-11-22"},
		"instances": [instance(expires)],
	}
}

test_expired_justification_is_denied if {
	results := run("2026-11-21")
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-charlie"
	contains(result.message, "expired on 2026-11-21")
}

test_justification_expiring_today_is_allowed if {
	count(run("2026-11-22")) == 0
}

test_future_expiry_is_allowed if {
	count(run("2027-01-01")) == 0
}

test_missing_expiry_is_not_judged if {
	count(run(null)) == 0
}

test_unjustified_instance_is_not_judged_here if {
	i := object.union(instance("2020-01-01"), {"justification": null})
	count(account_instance_justification_expired.deny) == 0 with input as {
		"qcheck": {"as_of": "2026-11-22"},
		"instances": [i],
	}
}
