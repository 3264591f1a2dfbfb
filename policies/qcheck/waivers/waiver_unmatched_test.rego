package qcheck.waivers.waiver_unmatched_test

import rego.v1

import data.qcheck.waivers.waiver_unmatched

waiver(matched, expires) := {
	"id": "waiver/QC101/arn:aws:sso::1:application/gone",
	"rule": "QC101",
	"resource": "arn:aws:sso::1:application/gone",
	"owner": "team@example.com",
	"expires": expires,
	"matched": matched,
}

test_unmatched_waiver_is_reported if {
	results := waiver_unmatched.deny with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver(false, "2030-01-01")]}
	count(results) == 1
	some result in results
	contains(result.message, "matches no finding")
}

test_matched_waiver_is_fine if {
	count(waiver_unmatched.deny) == 0 with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver(true, "2030-01-01")]}
}

test_expired_waiver_is_left_to_the_expiry_rule if {
	count(waiver_unmatched.deny) == 0 with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver(false, "2020-01-01")]}
}
