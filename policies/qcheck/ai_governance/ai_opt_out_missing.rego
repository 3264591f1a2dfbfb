# METADATA
# title: Account with AI assistants not opted out of content use
# description: >-
#   AWS may use content from the Amazon Q Developer Free tier, such as questions, responses
#   and generated code, for service improvement including model training; content from Q
#   Developer Pro and Amazon Q Business is not used. The organization-wide way to opt out is an
#   AWS Organizations AI services opt-out policy. An account in scope (by default those with Q
#   Developer or Q Business applications; every account when ai_opt_out.scope is
#   organization) whose effective opt-out, merged from the root through its OUs with the
#   management policy inheritance rules, does not opt out of every service named in
#   `ai_opt_out.services` is reported. Without an `ai_opt_out` section in qcheck.yaml nothing
#   is judged; an account whose opt-out could not be read is reported by QC905 instead.
# related_resources:
#   - ref: https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/service-improvement.html
#     description: Amazon Q Developer service improvement (which tiers' content may be used)
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html
#     description: AI services opt-out policy syntax and examples
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
#     description: Inheritance operators of management policies
# custom:
#   depends_on:
#     - account.ai_opt_out
#     - organization.tree
#   id: QC701
#   name: AiServicesNotOptedOut
#   severity: high
#   config_keys:
#     - ai_opt_out
#   recommended_actions:
#     - Enable the AI services opt-out policy type in the root and attach a policy that assigns optOut to default (or to each service in ai_opt_out.services), locked against child policies with the child control operator set to ["@@none"].
#     - Remove the child policy that opts the account back in.
#   compliance:
#     - framework: nist-800-53-r5
#       control: SA-9
#       why: Without the opt-out, the external service provider may use the organization's content to improve its service.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: Whether a cloud service may reuse the organization's content is an information security requirement for using it.
package qcheck.ai_governance.ai_opt_out_missing

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	account.account_arn,
	"Account %s (%s) is not opted out of AI services content use for %s",
	[account.account_id, account.account_name, concat(", ", _not_opted_out(account))],
	array.concat([account.account_arn], _policies(account)),
) if {
	input.ai_opt_out.judged == true
	some account in input.ai_opt_out.accounts
	account.in_scope == true
	account.known == true
	account.opted_out == false
}

_not_opted_out(account) := [sprintf("%s (%s)", [s.service, _value(s)]) |
	some s in account.services
	s.value != "optOut"
]

_value(s) := "optIn" if s.value == "optIn"

_value(s) := "no policy sets it" if s.value == null

_policies(account) := [arn |
	some arn in {s.policy_arn | some s in account.services; s.value == "optIn"}
]
