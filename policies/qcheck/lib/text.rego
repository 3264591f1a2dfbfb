# METADATA
# title: Text helpers for messages
# description: >-
#   Small formatters that read the same on every engine: a fallback for null values
#   and money with two decimals.
# custom:
#   library: true
package qcheck.lib.text

import rego.v1

# `value`, or `fallback` when it is null.
or_else(value, _) := value if value != null

or_else(null, fallback) := fallback


# Two decimals without relying on "%.2f", which engines format differently for whole numbers.
money(amount) := sprintf("%d.%s", [whole, _two_digits(cents - (whole * 100))]) if {
	cents := round(amount * 100)
	whole := floor(cents / 100)
}

_two_digits(n) := sprintf("0%d", [n]) if n < 10

_two_digits(n) := sprintf("%d", [n]) if n >= 10
