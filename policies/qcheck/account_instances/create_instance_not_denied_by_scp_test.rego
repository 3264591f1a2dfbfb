package qcheck.account_instances.create_instance_not_denied_by_scp_test

import rego.v1

import data.qcheck.account_instances.create_instance_not_denied_by_scp

# The SCP evaluation itself (Action/NotAction, wildcards, conditions, Allow at every level)
# happens in Python and arrives as account.create_instance; these tests judge that decision.

org_arn := "arn:aws:organizations::111111111111:organization/o-abc"

root_arn := "arn:aws:organizations::111111111111:root/o-abc/r-abcd"

deny_scp := "arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-deny"

full_access := "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"

organization := {
	"arn": org_arn,
	"id": "o-abc",
	"feature_set": "ALL",
	"management_account_id": "111111111111",
	"trusted_services": [],
}

account_arn(id) := sprintf("arn:aws:organizations::111111111111:account/o-abc/%s", [id])

decision(outcome) := {
	"outcome": outcome,
	"reason": sprintf("test decision: %s", [outcome]),
	"policy_arns": [full_access],
}

account(id, outcome) := {
	"arn": account_arn(id),
	"id": id,
	"name": sprintf("account-%s", [id]),
	"status": "ACTIVE",
	"active": true,
	"in_organization": true,
	"is_management": false,
	"is_idc_delegated_admin": false,
	"delegated_admin_known": true,
	"delegated_admin_services": [],
	"ou_arns": [root_arn],
	"ou_path": "Root",
	"scp_arns": [full_access],
	"scps_known": true,
	"create_instance": decision(outcome),
	"tags": {},
	"zones": [],
	"allowed_regions": [],
	"residency_source": null,
}

management := object.union(account("111111111111", "unknown"), {"is_management": true})

suspended(id, outcome) := object.union(account(id, outcome), {"status": "SUSPENDED", "active": false})

account_instance(owner_id, justification) := {
	"arn": sprintf("arn:aws:sso:::instance/ssoins-%s", [owner_id]),
	"name": "team instance",
	"type": "account",
	"status": "ACTIVE",
	"home_region": "us-east-1",
	"regions": ["us-east-1"],
	"identity_store_id": "d-0000000001",
	"owner_account_id": owner_id,
	"owner_account_arn": account_arn(owner_id),
	"owner_is_management": false,
	"applications_known": true,
	"justification": justification,
}

justification := {"reason": "proof_of_concept", "owner": "team", "reference": "R-1", "expires": "2030-01-01"}

run(accounts, instances) := results if {
	results := create_instance_not_denied_by_scp.deny with input as {
		"organization": organization,
		"accounts": array.concat([management], accounts),
		"instances": instances,
		"scps": [],
	}
}

message(allowed, judged, 0, examples) := sprintf(
	"In organization o-abc, %d of %d member accounts can create IAM Identity Center account instances: no SCP denies sso:CreateInstance (for example %s)",
	[allowed, judged, examples],
)

message(0, judged, depends, examples) := sprintf(
	"In organization o-abc, for %d of %d member accounts, whether they can create IAM Identity Center account instances depends on the calling principal (an SCP condition on the principal decides) (for example %s)",
	[depends, judged, examples],
) if depends > 0

message(allowed, judged, depends, examples) := sprintf(
	"In organization o-abc, %d of %d member accounts can create IAM Identity Center account instances (no SCP denies sso:CreateInstance) and for %d more it depends on the calling principal (for example %s)",
	[allowed, judged, depends, examples],
) if {
	allowed > 0
	depends > 0
}

violation(allowed, judged, depends, example_ids) := {
	"resource": org_arn,
	"message": message(allowed, judged, depends, concat(", ", example_ids)),
	"evidence": [org_arn],
	"examples": [account_arn(id) | some id in example_ids],
	"properties": {
		"accounts_allowed": sprintf("%d", [allowed]),
		"accounts_depending_on_principal": sprintf("%d", [depends]),
	},
}

test_allowed_account_is_denied_once_for_the_organization if {
	results := run(
		[account("222222222222", "denied"), account("333333333333", "denied"), account("444444444444", "allowed")],
		[],
	)
	results == {violation(1, 3, 0, ["444444444444"])}
}

test_all_members_denied_is_allowed if {
	count(run([account("222222222222", "denied"), account("333333333333", "denied")], [])) == 0
}

test_depends_on_principal_is_counted_separately if {
	results := run(
		[
			account("222222222222", "denied"),
			account("333333333333", "depends_on_principal"),
			account("444444444444", "allowed"),
		],
		[],
	)

	# Allowed accounts come first among the examples, then those depending on the principal.
	results == {violation(1, 3, 1, ["444444444444", "333333333333"])}
}

test_only_depends_on_principal_is_still_reported if {
	results := run([account("222222222222", "denied"), account("333333333333", "depends_on_principal")], [])
	results == {violation(0, 2, 1, ["333333333333"])}
}

test_unknown_decision_is_not_judged if {
	count(run([account("222222222222", "denied"), account("333333333333", "unknown")], [])) == 0
}

test_unknown_decision_is_left_out_of_the_counts if {
	results := run(
		[account("222222222222", "unknown"), account("333333333333", "allowed"), account("444444444444", "denied")],
		[],
	)
	results == {violation(1, 2, 0, ["333333333333"])}
}

test_suspended_account_is_not_judged if {
	count(run([account("222222222222", "denied"), suspended("333333333333", "allowed")], [])) == 0
}

test_management_account_is_not_judged if {
	management_allowed := object.union(account("111111111111", "allowed"), {"is_management": true})
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": organization,
		"accounts": [management_allowed, account("222222222222", "denied")],
		"instances": [],
		"scps": [],
	}
}

test_justified_account_instance_owner_is_exempt if {
	results := run(
		[account("222222222222", "denied"), account("444444444444", "allowed")],
		[account_instance("444444444444", justification)],
	)
	count(results) == 0
}

test_unjustified_account_instance_owner_is_not_exempt if {
	results := run(
		[account("222222222222", "denied"), account("444444444444", "allowed")],
		[account_instance("444444444444", null)],
	)
	results == {violation(1, 2, 0, ["444444444444"])}
}

test_examples_are_limited_to_five_sorted_accounts if {
	ids := ["999999999999", "888888888888", "777777777777", "666666666666", "555555555555", "444444444444", "333333333333"]
	results := run([account(id, "allowed") | some id in ids], [])
	results == {violation(7, 7, 0, ["333333333333", "444444444444", "555555555555", "666666666666", "777777777777"])}
}

test_accounts_outside_the_tree_are_not_counted if {
	outside := object.union(account("555555555555", "allowed"), {"in_organization": false})
	count(run([account("222222222222", "denied"), outside], [])) == 0
}

test_no_organization_is_not_judged if {
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": null,
		"accounts": [account("222222222222", "allowed")],
		"instances": [],
		"scps": [],
	}
}
