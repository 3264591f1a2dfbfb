package qcheck.lib.violation_test

import rego.v1

import data.qcheck.lib.violation

test_new_drops_null_ids_and_formats_the_message if {
	violation.new("r", "%s in %d", ["a", 2], ["r", null, "b"]) == {
		"resource": "r",
		"message": "a in 2",
		"evidence": ["r", "b"],
	}
}

test_paths_keeps_one_list_per_path if {
	violation.paths("r", "m", [], [["u1", null, "i1"], ["u2", "i2"]]) == {
		"resource": "r",
		"message": "m",
		"evidence_paths": [["u1", "i1"], ["u2", "i2"]],
	}
}

test_examples_and_properties_are_added if {
	v := violation.with_properties(violation.with_examples(violation.new("r", "m", [], ["r"]), ["a", null]), {"k": "v"})
	v == {"resource": "r", "message": "m", "evidence": ["r"], "examples": ["a"], "properties": {"k": "v"}}
}
