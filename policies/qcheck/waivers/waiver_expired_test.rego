package qcheck.waivers.waiver_expired_test

import rego.v1

import data.qcheck.waivers.waiver_expired

waiver(expires) := {
	"id": "waiver/QC402/arn:aws:sso::1:application/x",
	"rule": "QC402",
	"resource": "arn:aws:sso::1:application/x",
	"owner": "platform@example.com",
	"expires": expires,
	"matched": true,
}

test_expired_waiver_is_reported if {
	results := waiver_expired.deny with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver("2026-11-21")]}
	count(results) == 1
	some result in results
	result.resource == "waiver/QC402/arn:aws:sso::1:application/x"
	contains(result.message, "expired on 2026-11-21")
}

test_waiver_expiring_today_still_applies if {
	count(waiver_expired.deny) == 0 with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver("2026-11-22")]}
}

test_future_waiver_is_fine if {
	count(waiver_expired.deny) == 0 with input as {"qcheck": {"as_of": "2026-11-22"}, "waivers": [waiver("2030-01-01")]}
}
