package qcheck.evidence.collection_gap_test

import rego.v1

import data.qcheck.evidence.collection_gap

regional_gap := {
	"id": "gap:sso:ListInstances:333333333333:eu-central-1",
	"service": "sso",
	"operation": "ListInstances",
	"account_id": "333333333333",
	"region": "eu-central-1",
	"error_code": "AccessDenied",
	"message": "User is not authorized to perform sso:ListInstances",
}

organization_gap := {
	"id": "gap:organizations:ListPolicies",
	"service": "organizations",
	"operation": "ListPolicies",
	"account_id": null,
	"region": null,
	"error_code": "AccessDeniedException",
	"message": "You don't have permissions to access this resource.",
}

test_each_gap_is_reported if {
	results := collection_gap.deny with input as {"gaps": [regional_gap, organization_gap]}
	count(results) == 2
	some regional in results
	regional.resource == "gap:sso:ListInstances:333333333333:eu-central-1"
	regional.message == "Could not collect sso:ListInstances for account 333333333333 in eu-central-1: AccessDenied (User is not authorized to perform sso:ListInstances)"
	regional.evidence == ["gap:sso:ListInstances:333333333333:eu-central-1"]
	some organization_wide in results
	organization_wide.resource == "gap:organizations:ListPolicies"
	contains(organization_wide.message, "for organization in global: AccessDeniedException")
}

test_missing_error_details_are_described if {
	gap := object.union(regional_gap, {"error_code": null, "message": null})
	results := collection_gap.deny with input as {"gaps": [gap]}
	some result in results
	endswith(result.message, "unknown error (no message)")
}

test_no_gaps_is_allowed if {
	count(collection_gap.deny) == 0 with input as {"gaps": []}
}
