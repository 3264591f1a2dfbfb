package qcheck.lib.labels_test

import rego.v1

import data.qcheck.lib.labels

# Every application kind and every matching key of the input schema has a label.
test_every_kind_has_a_label if {
	kinds := {"q_developer", "q_business", "kiro", "aws_managed", "customer_managed"}
	{k | some k, _ in labels.kind} == kinds
}

test_every_matching_key_has_a_label if {
	{k | some k, _ in labels.matched_by} == {"external_id", "email", "user"}
}
