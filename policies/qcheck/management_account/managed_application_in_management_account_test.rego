package qcheck.management_account.managed_application_in_management_account_test

import rego.v1

import data.qcheck.management_account.managed_application_in_management_account

account_arn := "arn:aws:organizations::111111111111:account/o-abc/111111111111"

app_arn(kind) := sprintf("arn:aws:sso::111111111111:application/ssoins-1/apl-%s", [kind])

application(kind, in_management) := {
	"arn": app_arn(kind),
	"name": "assistant",
	"kind": kind,
	"aws_managed": kind != "customer_managed",
	"provider_arn": "arn:aws:sso::aws:applicationProvider/example",
	"status": "ENABLED",
	"origin": "observed",
	"created_from": "us-east-1",
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": null,
	"instance_type": null,
	"instance_home_region": null,
	"instance_regions": [],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "111111111111",
	"account_arn": account_arn,
	"account_name": "management",
	"ou_path": "Root",
	"in_management_account": in_management,
	"in_delegated_admin_account": false,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

violation(kind, label) := {
	"resource": app_arn(kind),
	"message": sprintf("%s \"assistant\" in us-east-1 (declared) is in the management account 111111111111", [label]),
	"evidence": [app_arn(kind), account_arn],
}

run(apps) := results if {
	results := managed_application_in_management_account.deny with input as {"applications": apps}
}

test_business_application_in_management_account_is_denied if {
	run([application("q_business", true)]) == {violation("q_business", "Amazon Q Business application")}
}

test_other_aws_managed_application_in_management_account_is_denied if {
	run([application("aws_managed", true), application("kiro", true)]) == {
		violation("aws_managed", "AWS managed application"),
		violation("kiro", "Kiro application"),
	}
}

test_customer_managed_application_is_not_flagged if {
	count(run([application("customer_managed", true)])) == 0
}

test_application_in_member_account_is_allowed if {
	count(run([application("kiro", false)])) == 0
}

test_q_developer_profile_is_left_to_qc401 if {
	count(run([application("q_developer", true)])) == 0
}
