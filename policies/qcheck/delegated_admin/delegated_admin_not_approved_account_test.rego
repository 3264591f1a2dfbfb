package qcheck.delegated_admin.delegated_admin_not_approved_account_test

import rego.v1

import data.qcheck.delegated_admin.delegated_admin_not_approved_account
import data.qcheck.lib.fixtures

admin(id) := fixtures.delegated_admin(fixtures.account({"id": id, "is_idc_delegated_admin": true}))

identity_center(ids, approved) := fixtures.identity_center({
	"delegated_admin_account_ids": ids,
	"delegated_admin_accounts": [admin(id) | some id in ids],
	"approved_delegated_admin_account_id": approved,
})

run(ic) := results if {
	results := delegated_admin_not_approved_account.deny with input as fixtures.document({"identity_center": ic})
}

test_unapproved_account_is_denied if {
	run(identity_center(["333333333333"], "222222222222")) == {{
		"resource": fixtures.account_arn("333333333333"),
		"message": "Account 333333333333 is registered as IAM Identity Center delegated administrator, but qcheck.yaml approves only account 222222222222",
		"evidence": [fixtures.account_arn("333333333333")],
	}}
}

test_approved_account_is_allowed if {
	count(run(identity_center(["222222222222"], "222222222222"))) == 0
}

test_no_approval_configured_is_not_judged if {
	count(run(identity_center(["333333333333"], null))) == 0
}

test_unknown_delegated_admins_are_not_judged if {
	ic := object.union(identity_center(["333333333333"], "222222222222"), {"delegated_admins_known": false})
	count(run(ic)) == 0
}
