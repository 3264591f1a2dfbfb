package qcheck.residency.identity_center_in_opt_in_region_test

import rego.v1

import data.qcheck.lib.fixtures
import data.qcheck.residency.identity_center_in_opt_in_region

run(opt_in, kind) := results if {
	results := identity_center_in_opt_in_region.deny with input as fixtures.document({
	"instances": [fixtures.instance({"home_region": "eu-south-2", "home_region_opt_in": opt_in})],
	"applications": [fixtures.application({"kind": kind})],
})
}

test_profile_on_an_opt_in_instance_is_denied if {
	run(true, "q_developer") == {{
		"resource": fixtures.org_instance_arn,
		"message": "IAM Identity Center instance arn:aws:sso:::instance/ssoins-org is homed in the opt-in Region eu-south-2 and serves 1 Q Developer profile(s): its users cannot be subscribed to Q Developer Pro",
		"evidence": [fixtures.org_instance_arn],
		"examples": ["arn:aws:sso::111111111111:application/ssoins-org/apl-0001"],
	}}
}

test_default_region_passes if {
	count(run(false, "q_developer")) == 0
}

test_unknown_opt_in_status_is_not_judged if {
	count(run(null, "q_developer")) == 0
}

test_other_applications_are_not_judged if {
	count(run(true, "q_business")) == 0
}
