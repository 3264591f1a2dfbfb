# METADATA
# title: Labels for messages
# description: >-
#   The words messages use for the values of the policy input (docs/input.md), so every
#   rule names the same thing the same way.
# custom:
#   library: true
package qcheck.lib.labels

import rego.v1

# application.kind
kind := {
	"q_developer": "Q Developer profile",
	"q_business": "Amazon Q Business application",
	"kiro": "Kiro application",
	"aws_managed": "AWS managed application",
	"customer_managed": "Customer managed application",
}

# subscriber.matched_by
matched_by := {
	"external_id": "identity provider external id",
	"email": "email",
	"user": "user",
}
