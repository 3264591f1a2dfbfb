package qcheck.account_instances.account_instance_without_justification_test

import rego.v1

import data.qcheck.account_instances.account_instance_without_justification

instance(type, justification) := {
	"arn": "arn:aws:sso:::instance/ssoins-charlie",
	"type": type,
	"owner_account_id": "444444444444",
	"owner_account_arn": "arn:aws:organizations::111111111111:account/o-abc/444444444444",
	"owner_is_management": false,
	"home_region": "eu-central-1",
	"justification": justification,
	"name": "team instance",
	"status": "ACTIVE",
	"identity_store_id": "d-0000000001",
	"regions": ["eu-central-1"],
	"applications_known": true,
}

test_unjustified_account_instance_is_denied if {
	results := account_instance_without_justification.deny with input as {"instances": [instance("account", null)]}
	count(results) == 1
	some result in results
	result.resource == "arn:aws:sso:::instance/ssoins-charlie"
	result.evidence == ["arn:aws:sso:::instance/ssoins-charlie", "arn:aws:organizations::111111111111:account/o-abc/444444444444"]
	contains(result.message, "444444444444")
}

test_justified_account_instance_is_allowed if {
	j := {"reason": "proof_of_concept", "owner": "team-charlie", "reference": "JIRA-1", "expires": "2027-01-01"}
	count(account_instance_without_justification.deny) == 0 with input as {"instances": [instance("account", j)]}
}

test_organization_instance_is_not_judged if {
	count(account_instance_without_justification.deny) == 0 with input as {"instances": [instance("organization", null)]}
}

test_unseen_owner_arn_is_dropped_from_evidence if {
	i := object.union(instance("account", null), {"owner_account_arn": null})
	results := account_instance_without_justification.deny with input as {"instances": [i]}
	some result in results
	result.evidence == ["arn:aws:sso:::instance/ssoins-charlie"]
}
