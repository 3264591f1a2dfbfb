package qcheck.delegated_admin.delegated_admin_hosts_applications_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_hosts_applications

account_arn := "arn:aws:organizations::111111111111:account/o-abc/222222222222"

instance_arn := "arn:aws:sso:::instance/ssoins-1"

app_arn(kind) := sprintf("arn:aws:sso::222222222222:application/ssoins-1/apl-%s", [kind])

providers := {
	"q_developer": "arn:aws:sso::aws:applicationProvider/codewhisperer",
	"q_business": "arn:aws:sso::aws:applicationProvider/qbusiness",
	"kiro": "arn:aws:sso::aws:applicationProvider/kiro",
	"aws_managed": "arn:aws:sso::aws:applicationProvider/quicksight",
	"customer_managed": "arn:aws:sso::aws:applicationProvider/custom-saml",
}

application(kind, in_delegated_admin) := {
	"arn": app_arn(kind),
	"name": sprintf("%s-app", [kind]),
	"kind": kind,
	"aws_managed": kind != "customer_managed",
	"provider_arn": providers[kind],
	"status": "ENABLED",
	"origin": "observed",
	"created_from": "us-east-1",
	"region": "us-east-1",
	"region_source": "declared",
	"region_text": "us-east-1 (declared)",
	"instance_arn": instance_arn,
	"instance_type": "organization",
	"instance_home_region": "us-east-1",
	"instance_regions": ["us-east-1"],
	"assignment_required": true,
	"assignments_known": true,
	"account_id": "222222222222",
	"account_arn": account_arn,
	"account_name": "identity",
	"ou_path": "Root/Infrastructure",
	"in_management_account": false,
	"in_delegated_admin_account": in_delegated_admin,
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

identity_center(known) := {
	"delegated_admin_account_ids": ["222222222222"],
	"delegated_admins_known": known,
	"instances_known": true,
	"approved_delegated_admin_account_id": null,
	"approved_delegated_admin_ou_arns": [],
	"approved_delegated_admin_ou_paths": [],
	"organization_instance_arns": [instance_arn],
}

run(apps) := results if {
	results := delegated_admin_hosts_applications.deny with input as {
		"identity_center": identity_center(true),
		"applications": apps,
	}
}

violation(kind, label) := {
	"resource": app_arn(kind),
	"message": sprintf(
		"%s \"%s-app\" in us-east-1 (declared) runs in account 222222222222, the IAM Identity Center delegated administrator account, which should be dedicated to administering Identity Center",
		[label, kind],
	),
	"evidence": [app_arn(kind), account_arn, instance_arn],
}

test_q_profile_in_delegated_admin_is_denied if {
	run([application("q_developer", true)]) == {violation("q_developer", "Q Developer profile")}
}

test_other_managed_application_in_delegated_admin_is_denied if {
	results := run([
		application("aws_managed", true),
		application("q_business", true),
		application("kiro", true),
	])
	results == {
		violation("aws_managed", "AWS managed application"),
		violation("q_business", "Amazon Q Business application"),
		violation("kiro", "Kiro application"),
	}
}

test_customer_managed_application_is_not_flagged if {
	count(run([application("customer_managed", true)])) == 0
}

test_application_in_member_account_is_allowed if {
	count(run([application("q_developer", false)])) == 0
}

test_unknown_delegated_admins_are_not_judged if {
	count(delegated_admin_hosts_applications.deny) == 0 with input as {
		"identity_center": identity_center(false),
		"applications": [application("q_developer", true)],
	}
}
