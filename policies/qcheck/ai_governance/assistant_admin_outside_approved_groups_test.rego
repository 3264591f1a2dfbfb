package qcheck.ai_governance.assistant_admin_outside_approved_groups_test

import rego.v1

import data.qcheck.ai_governance.assistant_admin_outside_approved_groups

ps_arn := "arn:aws:sso:::permissionSet/ssoins-1/ps-admins"

account_arn := "arn:aws:organizations::111111111111:account/o-abc/333333333333"

group_arn(name) := sprintf("arn:aws:identitystore:::group/%s", [name])

assignment(name, approved) := {
	"account_id": "333333333333",
	"account_arn": account_arn,
	"principal_type": "GROUP",
	"principal_arn": group_arn(name),
	"principal_name": name,
	"approved": approved,
}

permission_set(actions, known, assignments) := {
	"arn": ps_arn,
	"name": "AssistantAdmins",
	"instance_arn": "arn:aws:sso:::instance/ssoins-1",
	"admin_actions": actions,
	"admin_known": known,
	"admin_reason": "granted by the inline policy",
	"documented_policies": [],
	"provisioned_known": true,
	"provisioned_account_ids": ["333333333333"],
	"provisioned_to_management": false,
	"assignments_known": true,
	"assignments": assignments,
}

run(sets) := found if {
	found := assistant_admin_outside_approved_groups.deny with input as {"permission_sets": sets}
}

actions := ["codewhisperer:CreateProfile", "q:CreateAssignment"]

test_unapproved_group_is_denied if {
	run([permission_set(actions, true, [assignment("Orange", false), assignment("Grey", true)])]) == {{
		"resource": ps_arn,
		"message": "Permission set \"AssistantAdmins\" grants codewhisperer:CreateProfile and 1 more administration actions to group \"Orange\" in account 333333333333, outside the approved administrator groups",
		"evidence_paths": [[ps_arn, group_arn("Orange"), account_arn]],
		"properties": {"admin_actions": "codewhisperer:CreateProfile, q:CreateAssignment"},
	}}
}

test_approved_groups_pass if {
	count(run([permission_set(actions, true, [assignment("Grey", true)])])) == 0
}

test_permission_set_without_admin_actions_passes if {
	count(run([permission_set([], true, [assignment("Orange", false)])])) == 0
}

test_unknown_grant_is_left_to_qc905 if {
	count(run([permission_set(actions, false, [assignment("Orange", false)])])) == 0
}
