package qcheck.evidence.fact_unknown_test

import rego.v1

import data.qcheck.evidence.fact_unknown

admins_unknown := {
	"id": "unknown:identity_center.delegated_admins:arn:aws:organizations::111111111111:organization/o-x",
	"fact": "identity_center.delegated_admins",
	"resource": "arn:aws:organizations::111111111111:organization/o-x",
	"gap_ids": ["gap:organizations:ListDelegatedAdministrators:organization:global"],
	"message": "who administers IAM Identity Center is not known",
	"rules": ["QC201", "QC204"],
}

region_unknown := {
	"id": "unknown:application.region:arn:aws:sso::333333333333:application/ssoins-1/apl-1",
	"fact": "application.region",
	"resource": "arn:aws:sso::333333333333:application/ssoins-1/apl-1",
	"gap_ids": [],
	"message": "the Region of Q Developer profile p is not known",
	"rules": [],
}

test_each_unknown_fact_is_reported_with_its_rules_and_gaps if {
	results := fact_unknown.deny with input as {"unknowns": [admins_unknown, region_unknown]}
	results == {
		{
			"resource": admins_unknown.id,
			"message": "Not judged: who administers IAM Identity Center is not known; rules not judged for it: QC201, QC204",
			"evidence": [admins_unknown.resource, "gap:organizations:ListDelegatedAdministrators:organization:global"],
			"properties": {"fact": "identity_center.delegated_admins", "rules_not_judged": "QC201, QC204"},
		},
		{
			"resource": region_unknown.id,
			"message": "Not judged: the Region of Q Developer profile p is not known; no rule depends on it",
			"evidence": [region_unknown.resource],
			"properties": {"fact": "application.region", "rules_not_judged": ""},
		},
	}
}

test_nothing_unknown_nothing_reported if {
	count(fact_unknown.deny) == 0 with input as {"unknowns": []}
}
