package qcheck.residency.q_business_outside_zone_test

import rego.v1

import data.qcheck.lib.fixtures
import data.qcheck.residency.q_business_outside_zone

placement := "arn:aws:organizations::111111111111:ou/o-abc/ou-abcd-bravo001"

app(region) := fixtures.q_business_application({
	"arn": sprintf("arn:aws:qbusiness:%s:333333333333:application/a1b2c3d4-0000-4000-8000-00000000a001", [region]),
	"region": region,
	"ou_path": "Root/Bravo",
	"zones": ["US"],
	"allowed_regions": ["us-east-1"],
	"residency_source": placement,
})

run(apps) := results if {
	results := q_business_outside_zone.deny with input as fixtures.document({"q_business_applications": apps})
}

test_application_outside_zone_is_denied if {
	a := app("eu-central-1")
	run([a]) == {{
		"resource": a.arn,
		"message": "Amazon Q Business application \"assistant\" is in eu-central-1, outside the zones [\"US\"] allowed for account 333333333333 (Root/Bravo)",
		"evidence": [a.arn, a.account_arn, placement],
	}}
}

test_application_inside_zone_is_allowed if {
	count(run([app("us-east-1")])) == 0
}

test_account_without_zone_is_not_judged if {
	a := object.union(app("eu-central-1"), {"zones": [], "allowed_regions": []})
	count(run([a])) == 0
}
