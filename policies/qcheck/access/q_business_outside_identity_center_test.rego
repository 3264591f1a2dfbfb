package qcheck.access.q_business_outside_identity_center_test

import rego.v1

import data.qcheck.access.q_business_outside_identity_center
import data.qcheck.lib.fixtures

run(apps, org_instances) := results if {
	results := q_business_outside_identity_center.deny with input as fixtures.document({
		"identity_center": fixtures.identity_center({"organization_instance_arns": org_instances}),
		"q_business_applications": apps,
	})
}

app(identity_type) := fixtures.q_business_application({"identity_type": identity_type})

test_anonymous_application_is_denied_where_the_organization_uses_identity_center if {
	a := app("ANONYMOUS")
	run([a], [fixtures.org_instance_arn]) == {{
		"resource": a.arn,
		"message": sprintf("Amazon Q Business application \"assistant\" in us-east-1 (account 333333333333) signs users in with anonymous access, not through the organization's IAM Identity Center instance %s", [fixtures.org_instance_arn]),
		"evidence": [a.arn, a.account_arn],
	}}
}

test_iam_federation_is_denied if {
	saml := run([app("AWS_IAM_IDP_SAML")], [fixtures.org_instance_arn])
	count(saml) == 1
	some v in saml
	contains(v.message, "signs users in with IAM federation with a SAML identity provider")
	oidc := run([app("AWS_IAM_IDP_OIDC")], [fixtures.org_instance_arn])
	count(oidc) == 1
	some w in oidc
	contains(w.message, "signs users in with IAM federation with an OIDC identity provider")
}

test_identity_center_application_is_allowed if {
	count(run([app("AWS_IAM_IDC")], [fixtures.org_instance_arn])) == 0
}

test_organization_without_identity_center_is_not_judged if {
	count(run([app("ANONYMOUS")], [])) == 0
}

test_unknown_identity_type_is_not_judged if {
	count(run([app(null)], [fixtures.org_instance_arn])) == 0
}

test_quicksight_identity_is_not_judged if {
	count(run([app("AWS_QUICKSIGHT_IDP")], [fixtures.org_instance_arn])) == 0
}
