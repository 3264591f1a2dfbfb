# METADATA
# title: AI services opt-out that child policies may override
# description: >-
#   An AI services opt-out policy that assigns optOut to a service (or to default, every AI
#   service) without limiting child policies lets any policy attached to an OU or account below
#   assign optIn again: by default every value-setting operator is allowed to child policies.
#   AWS's own example locks such a setting with the child control operator set to ["@@none"].
#   Reported for default and the services named in ai_opt_out.services (default: q,
#   codewhisperer).
# related_resources:
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
#     description: Inheritance operators (child control operators)
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html
#     description: AI services opt-out policy syntax and examples
# custom:
#   depends_on:
#     - account.ai_opt_out
#   id: QC702
#   name: AiOptOutOverridable
#   severity: medium
#   recommended_actions:
#     - In the policy, set the child control operator to ["@@none"] on the service's opt-out setting (and on the service key and on services) so that no child policy can opt back in.
#   compliance:
#     - framework: nist-800-53-r5
#       control: CM-6
#       why: A child policy allowed to override the opt-out lets a lower level change a required configuration setting.
#     - framework: iso-27001-2022
#       control: A.5.23
#       why: The required opt-out of the cloud service is not enforced below the level that sets it.
package qcheck.ai_governance.ai_opt_out_child_override

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	arn,
	"AI services opt-out policy %q opts out of %s but lets child policies override it (allowed to them: %s)",
	[_name(arn), concat(", ", _services(arn)), concat(", ", _operators(arn))],
	array.concat([arn], _targets(arn)),
) if {
	some arn in {p.policy_arn | some p in input.ai_opt_out.overridable}
}

_name(arn) := [p.policy_name | some p in input.ai_opt_out.overridable; p.policy_arn == arn][0]

_targets(arn) := [p.target_arns | some p in input.ai_opt_out.overridable; p.policy_arn == arn][0]

_services(arn) := sort([p.service | some p in input.ai_opt_out.overridable; p.policy_arn == arn])

_operators(arn) := sort({op |
	some p in input.ai_opt_out.overridable
	p.policy_arn == arn
	some op in p.child_operators
})
