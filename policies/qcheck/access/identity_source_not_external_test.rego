package qcheck.access.identity_source_not_external_test

import rego.v1

import data.qcheck.access.identity_source_not_external
import data.qcheck.lib.fixtures

run(overrides) := results if {
	results := identity_source_not_external.deny with input as fixtures.document({
	"instances": [fixtures.instance(overrides)],
})
}

test_inferred_directory_is_reported_as_inferred if {
	run({"identity_source": "identity_center_directory", "identity_source_basis": "inferred", "user_count": 3}) == {{
		"resource": fixtures.org_instance_arn,
		"message": "Organization instance arn:aws:sso:::instance/ssoins-org uses the IAM Identity Center directory, not an external identity provider (inferred: none of its 3 users carries an ExternalId from an identity provider)",
		"evidence": [fixtures.org_instance_arn, fixtures.account_arn(fixtures.management_id)],
	}}
}

test_declared_directory_is_reported_as_declared if {
	some v in run({"identity_source": "identity_center_directory", "identity_source_basis": "declared"})
	endswith(v.message, "(declared in qcheck.yaml)")
}

test_external_idp_passes if {
	count(run({"identity_source": "external_identity_provider", "identity_source_basis": "inferred"})) == 0
	count(run({"identity_source": "active_directory", "identity_source_basis": "declared"})) == 0
}

test_unknown_source_is_not_judged if {
	count(run({"identity_source": null, "identity_source_basis": null})) == 0
}

test_account_instances_are_not_judged if {
	count(run({"type": "account", "identity_source": "identity_center_directory", "identity_source_basis": "inferred"})) == 0
}
