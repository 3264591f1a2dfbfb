package qcheck.account_instances.create_instance_not_denied_by_scp_test

import rego.v1

import data.qcheck.account_instances.create_instance_not_denied_by_scp

org_arn := "arn:aws:organizations::111111111111:organization/o-abc"

root_scp := "arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-root"

full_access := "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"

organization := {
	"arn": org_arn,
	"id": "o-abc",
	"management_account_id": "111111111111",
}

account_arn(id) := sprintf("arn:aws:organizations::111111111111:account/o-abc/%s", [id])

account(id, scp_arns) := {
	"arn": account_arn(id),
	"id": id,
	"in_organization": true,
	"is_management": false,
	"scp_arns": scp_arns,
}

management := object.union(account("111111111111", [full_access]), {"is_management": true})

scp(arn, statement) := {
	"arn": arn,
	"name": "deny-account-instances",
	"content": {"Version": "2012-10-17", "Statement": statement},
	"target_arns": [],
}

deny_statement(action) := {"Effect": "Deny", "Action": action, "Resource": "*"}

full_access_scp := scp(full_access, [{"Effect": "Allow", "Action": "*", "Resource": "*"}])

# Two member accounts, both under the root SCP built from the given statement, plus one without it.
run(statement) := results if {
	results := create_instance_not_denied_by_scp.deny with input as {
		"organization": organization,
		"accounts": [
			management,
			account("222222222222", [full_access, root_scp]),
			account("333333333333", [root_scp]),
			account("444444444444", [full_access]),
		],
		"instances": [],
		"scps": [full_access_scp, scp(root_scp, statement)],
	}
}

covered_by(statement) if {
	results := run(statement)
	count(results) == 1
	some result in results
	startswith(result.message, "1 of 3 member accounts")
	result.evidence == [org_arn, account_arn("444444444444")]
}

not_covered_by(statement) if {
	results := run(statement)
	count(results) == 1
	some result in results
	startswith(result.message, "3 of 3 member accounts")
}

test_uncovered_account_is_denied_once_for_the_organization if {
	results := run([deny_statement("sso:CreateInstance")])
	count(results) == 1
	some result in results
	result.resource == org_arn
	contains(result.message, "1 of 3 member accounts")
	contains(result.message, "o-abc")
	contains(result.message, "444444444444")
	not contains(result.message, "111111111111")
	result.evidence == [org_arn, account_arn("444444444444")]
}

test_sso_wildcard_covers if {
	covered_by([deny_statement("sso:*")])
}

test_sso_create_prefix_covers if {
	covered_by([deny_statement("sso:Create*")])
}

test_full_wildcard_covers if {
	covered_by([deny_statement("*")])
}

test_action_case_is_ignored if {
	covered_by([deny_statement(["sso:ListInstances", "SSO:createinstance"])])
}

test_single_statement_object_covers if {
	covered_by(deny_statement("sso:CreateInstance"))
}

test_unrelated_action_does_not_cover if {
	not_covered_by([deny_statement("sso:ListInstances")])
}

test_unrelated_prefix_does_not_cover if {
	not_covered_by([deny_statement("sso:Delete*")])
}

test_other_service_wildcard_does_not_cover if {
	not_covered_by([deny_statement("sso-directory:*")])
}

test_allow_statement_does_not_cover if {
	not_covered_by([{"Effect": "Allow", "Action": "sso:CreateInstance", "Resource": "*"}])
}

test_all_members_covered_is_allowed if {
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": organization,
		"accounts": [
			management,
			account("222222222222", [root_scp]),
			account("333333333333", [root_scp]),
		],
		"instances": [],
		"scps": [scp(root_scp, [deny_statement("sso:CreateInstance")])],
	}
}

test_justified_account_instance_owner_is_exempt if {
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": organization,
		"accounts": [management, account("222222222222", [root_scp]), account("444444444444", [full_access])],
		"instances": [{
			"arn": "arn:aws:sso:::instance/ssoins-charlie",
			"type": "account",
			"owner_account_id": "444444444444",
			"justification": {"reason": "proof_of_concept", "owner": "team", "reference": "R-1", "expires": "2030-01-01"},
		}],
		"scps": [full_access_scp, scp(root_scp, [deny_statement("sso:CreateInstance")])],
	}
}

test_unjustified_account_instance_owner_is_not_exempt if {
	results := create_instance_not_denied_by_scp.deny with input as {
		"organization": organization,
		"accounts": [management, account("222222222222", [root_scp]), account("444444444444", [full_access])],
		"instances": [{
			"arn": "arn:aws:sso:::instance/ssoins-charlie",
			"type": "account",
			"owner_account_id": "444444444444",
			"justification": null,
		}],
		"scps": [full_access_scp, scp(root_scp, [deny_statement("sso:CreateInstance")])],
	}
	count(results) == 1
	some result in results
	startswith(result.message, "1 of 2 member accounts")
}

test_examples_are_limited_to_five_sorted_accounts if {
	ids := ["999999999999", "888888888888", "777777777777", "666666666666", "555555555555", "444444444444", "333333333333"]
	results := create_instance_not_denied_by_scp.deny with input as {
		"organization": organization,
		"accounts": array.concat([management], [account(id, [full_access]) | some id in ids]),
		"instances": [],
		"scps": [full_access_scp],
	}
	count(results) == 1
	some result in results
	startswith(result.message, "7 of 7 member accounts")
	contains(result.message, "333333333333, 444444444444, 555555555555, 666666666666, 777777777777)")
	not contains(result.message, "888888888888")
	result.evidence == [
		org_arn,
		account_arn("333333333333"),
		account_arn("444444444444"),
		account_arn("555555555555"),
		account_arn("666666666666"),
		account_arn("777777777777"),
	]
}

test_accounts_outside_the_tree_are_not_counted if {
	outside := object.union(account("555555555555", []), {"in_organization": false})
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": organization,
		"accounts": [management, account("222222222222", [root_scp]), outside],
		"instances": [],
		"scps": [scp(root_scp, [deny_statement("sso:CreateInstance")])],
	}
}

test_no_organization_is_not_judged if {
	count(create_instance_not_denied_by_scp.deny) == 0 with input as {
		"organization": null,
		"accounts": [account("222222222222", [])],
		"instances": [],
		"scps": [],
	}
}
