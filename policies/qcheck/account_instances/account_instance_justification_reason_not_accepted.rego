# METADATA
# title: IAM Identity Center account instance justified by an unaccepted reason
# description: >-
#   AWS recommends account instances of IAM Identity Center only for a proof of concept,
#   when there is no central identity provider or directory holding all the identities and
#   applications need distinct directories, or when the account belongs to an organization
#   run by another party so an organization instance cannot be set up. The reason recorded
#   for an account instance in qcheck.yaml must be one of the accepted reasons.
# related_resources:
#   - ref: https://aws.amazon.com/blogs/security/how-to-use-aws-managed-applications-with-iam-identity-center/
#     description: How to use AWS managed applications with IAM Identity Center (when account instances are recommended)
#   - ref: https://aws.amazon.com/blogs/devops/managing-amazon-q-developer-profiles-and-customizations-in-large-organizations/
#     description: Managing Amazon Q Developer profiles and customizations in large organizations
#   - ref: https://docs.aws.amazon.com/singlesignon/latest/userguide/account-instances-identity-center.html
#     description: Account instances of IAM Identity Center
# custom:
#   depends_on:
#     - instance.type
#   id: QC303
#   name: AccountInstanceJustificationReasonNotAccepted
#   severity: medium
#   recommended_actions:
#     - If none of the accepted cases applies, move the instance's applications and users to the organization instance.
#     - Otherwise record the matching accepted reason in the instance's entry under `account_instances.justifications` in qcheck.yaml.
#   compliance:
#     - framework: nist-800-53-r5
#       control: AC-2
#       why: The account instance's recorded reason is not one of the conditions under which such instances are allowed.
#     - framework: iso-27001-2022
#       control: A.5.16
#       why: The identity source exists for a reason outside the accepted cases.
package qcheck.account_instances.account_instance_justification_reason_not_accepted

import rego.v1

import data.qcheck.lib.violation

deny contains violation.new(
	instance.arn,
	"IAM Identity Center account instance %s in account %s is justified by %s, which is not an accepted reason (%s)",
	[instance.arn, instance.owner_account_id, _reason_text(reason), concat(", ", accepted)],
	[instance.arn, instance.owner_account_arn],
) if {
	accepted := input.reference.accepted_justification_reasons
	some instance in input.instances
	instance.type == "account"
	justification := instance.justification
	justification != null
	reason := object.get(justification, "reason", null)
	not reason in accepted
}

_reason_text(reason) := sprintf("reason %q", [reason]) if is_string(reason)

_reason_text(reason) := "no reason" if not is_string(reason)
