package qcheck.account_instances.account_instance_justification_reason_not_accepted_test

import rego.v1

import data.qcheck.account_instances.account_instance_justification_reason_not_accepted

reference := {"accepted_justification_reasons": [
	"proof_of_concept",
	"no_central_identity_provider",
	"organization_managed_by_another_party",
]}

instance(reason) := {
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": "account",
	"owner_account_id": "444444444444",
	"owner_account_arn": "arn:aws:organizations::111111111111:account/o-abc/444444444444",
	"justification": {"reason": reason, "owner": "team-charlie", "reference": "JIRA-1", "expires": "2027-01-01"},
	"name": "team instance",
	"status": "ACTIVE",
	"owner_is_management": false,
	"identity_store_id": "d-0000000001",
	"home_region": "eu-central-1",
	"regions": ["eu-central-1"],
	"applications_known": true,
}

test_unaccepted_reason_is_denied if {
	results := account_instance_justification_reason_not_accepted.deny with input as {
		"instances": [instance("team_prefers_it")],
		"reference": reference,
	}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-charlie"
	contains(result.message, "\"team_prefers_it\"")
	contains(result.message, "proof_of_concept, no_central_identity_provider, organization_managed_by_another_party")
}

test_accepted_reasons_are_allowed if {
	instances := [instance(reason) | some reason in reference.accepted_justification_reasons]
	count(instances) == 3
	count(account_instance_justification_reason_not_accepted.deny) == 0 with input as {
		"instances": instances,
		"reference": reference,
	}
}

test_missing_reason_is_denied if {
	results := account_instance_justification_reason_not_accepted.deny with input as {
		"instances": [instance(null)],
		"reference": reference,
	}
	count(results) == 1
	some result in results
	contains(result.message, "justified by no reason")
}

test_unjustified_instance_is_not_judged_here if {
	i := object.union(instance("x"), {"justification": null})
	count(account_instance_justification_reason_not_accepted.deny) == 0 with input as {"instances": [i], "reference": reference}
}
