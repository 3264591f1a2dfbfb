package qcheck.evidence.application_without_instance_test

import rego.v1

import data.qcheck.evidence.application_without_instance

app_arn := "arn:aws:sso::222222222222:application/ssoins-1/apl-1"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

application(kind, instance_arn) := {
	"arn": app_arn,
	"name": "alpha-us",
	"kind": kind,
	"aws_managed": kind != "customer_managed",
	"provider_arn": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"status": "ENABLED",
	"origin": "declared",
	"created_from": null,
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": instance_arn,
	"instance_type": null,
	"instance_home_region": null,
	"instance_regions": [],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "222222222222",
	"account_arn": account_arn,
	"account_name": "alpha-prod",
	"ou_path": "Root/Alpha",
	"in_management_account": false,
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

violation(label) := {
	"resource": app_arn,
	"message": sprintf(
		"%s \"alpha-us\" in us-east-1 (declared) (account 222222222222) is not linked to any IAM Identity Center instance in the snapshot",
		[label],
	),
	"evidence": [app_arn, account_arn],
}

test_application_without_instance_is_reported if {
	results := application_without_instance.deny with input as {"applications": [application("q_developer", null)]}
	results == {violation("Q Developer profile")}
}

test_each_kind_is_named if {
	every kind, label in {
		"q_business": "Amazon Q Business application",
		"kiro": "Kiro application",
		"aws_managed": "AWS managed application",
		"customer_managed": "Customer managed application",
	} {
		results := application_without_instance.deny with input as {"applications": [application(kind, null)]}
		results == {violation(label)}
	}
}

test_unknown_region_is_described if {
	app := object.union(
		application("q_developer", null),
		{"region": null, "region_source": null, "region_text": "an undeclared Region"},
	)
	results := application_without_instance.deny with input as {"applications": [app]}
	some result in results
	result.message == "Q Developer profile \"alpha-us\" in an undeclared Region (account 222222222222) is not linked to any IAM Identity Center instance in the snapshot"
}

test_application_with_instance_is_allowed if {
	app := application("q_developer", "arn:aws:sso:::instance/ssoins-1")
	count(application_without_instance.deny) == 0 with input as {"applications": [app]}
}
