# METADATA
# title: Violation builder
# description: >-
#   Builds the objects every rule's deny returns (docs/writing-policies.md, "What a
#   violation holds"): the message formatted with sprintf, null ids dropped from evidence
#   and examples.
# custom:
#   library: true
package qcheck.lib.violation

import rego.v1

# The ids of a path or list without the nulls (an owner account missing from the snapshot).
ids(xs) := [x | some x in xs; x != null]

# A violation about `resource` proved by one evidence path.
new(resource, format, args, path) := {
	"resource": resource,
	"message": sprintf(format, args),
	"evidence": ids(path),
}

# A violation about `resource` that holds independently along several evidence paths.
paths(resource, format, args, evidence_paths) := {
	"resource": resource,
	"message": sprintf(format, args),
	"evidence_paths": [ids(path) | some path in evidence_paths],
}

# `violation` with examples (nodes that illustrate it but form no chain) and properties.
with_examples(violation, examples) := object.union(violation, {"examples": ids(examples)})

with_properties(violation, properties) := object.union(violation, {"properties": properties})
