package qcheck.ai_governance.ai_opt_out_child_override_test

import rego.v1

import data.qcheck.ai_governance.ai_opt_out_child_override

policy_arn := "arn:aws:organizations::111111111111:policy/o-abc/aiservices_opt_out_policy/p-root"

root_arn := "arn:aws:organizations::111111111111:root/o-abc/r-ab12"

override(service, operators) := {
	"policy_arn": policy_arn,
	"policy_name": "OrgOptOut",
	"service": service,
	"child_operators": operators,
	"target_arns": [root_arn],
}

test_overridable_opt_out_is_denied_once_per_policy if {
	found := ai_child_override_run([override("default", ["@@append", "@@assign", "@@remove"]), override("q", ["@@assign"])])
	found == {{
		"resource": policy_arn,
		"message": "AI services opt-out policy \"OrgOptOut\" opts out of default, q but lets child policies override it (allowed to them: @@append, @@assign, @@remove)",
		"evidence": [policy_arn, root_arn],
	}}
}

test_locked_policies_pass if {
	count(ai_child_override_run([])) == 0
}

ai_child_override_run(overridable) := found if {
	found := ai_opt_out_child_override.deny with input as {"ai_opt_out": {"overridable": overridable}}
}
