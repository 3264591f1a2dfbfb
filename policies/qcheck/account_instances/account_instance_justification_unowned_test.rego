package qcheck.account_instances.account_instance_justification_unowned_test

import rego.v1

import data.qcheck.account_instances.account_instance_justification_unowned

instance(owner) := {
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": "account",
	"owner_account_id": "444444444444",
	"owner_account_arn": "arn:aws:organizations::111111111111:account/o-abc/444444444444",
	"justification": {"reason": "proof_of_concept", "owner": owner, "reference": "JIRA-1", "expires": "2027-01-01"},
	"name": "team instance",
	"status": "ACTIVE",
	"owner_is_management": false,
	"identity_store_id": "d-0000000001",
	"home_region": "eu-central-1",
	"regions": ["eu-central-1"],
	"applications_known": true,
}

test_blank_owner_is_denied if {
	results := account_instance_justification_unowned.deny with input as {"instances": [instance(" \t ")]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-charlie"
	contains(result.message, "names no owner")
}

test_empty_owner_is_denied if {
	count(account_instance_justification_unowned.deny) == 1 with input as {"instances": [instance("")]}
}

test_null_owner_is_denied if {
	count(account_instance_justification_unowned.deny) == 1 with input as {"instances": [instance(null)]}
}

test_named_owner_is_allowed if {
	count(account_instance_justification_unowned.deny) == 0 with input as {"instances": [instance("team-charlie")]}
}

test_unjustified_instance_is_not_judged_here if {
	i := object.union(instance(""), {"justification": null})
	count(account_instance_justification_unowned.deny) == 0 with input as {"instances": [i]}
}
