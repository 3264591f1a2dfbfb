package qcheck.lib.text_test

import rego.v1

import data.qcheck.lib.text

test_or_else if {
	text.or_else("x", "fallback") == "x"
	text.or_else(null, "fallback") == "fallback"
}

test_money_has_two_decimals if {
	text.money(19) == "19.00"
	text.money(19.5) == "19.50"
	text.money(0.07) == "0.07"
	text.money(38.125) == "38.13"
}
